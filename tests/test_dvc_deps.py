"""Every stage's `deps` in dvc.yaml cover every module of src/htmlgen it imports, directly or
through other modules (imports inside functions included: they run too). Otherwise a code
change leaves stale results that `dvc repro` calls up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from htmlgen.provenance import import_closure, imported_modules, module_file

SRC = REPO / "src"


def stages() -> dict[str, dict]:
    return yaml.safe_load((REPO / "dvc.yaml").read_text(encoding="utf-8"))["stages"]


def covered(path: Path, deps: list[str]) -> bool:
    relative = path.relative_to(REPO).as_posix()
    return any(relative == dep.rstrip("/") or relative.startswith(dep.rstrip("/") + "/") for dep in deps)


# The stages package's __init__ holds a docstring only (htmlgen's own sets MKL's mode: a dep like any module).
TRIVIAL = {"src/htmlgen/stages/__init__.py"}


@pytest.mark.parametrize("name", sorted(stages()))
def test_stage_deps_cover_every_module_it_imports(name):
    stage = stages()[name]
    # `python -m htmlgen.stages.x`, or `accelerate launch … -m htmlgen.stages.finetune`
    module = re.search(r"(?:^|\s)-m (htmlgen[\w.]+)", stage["cmd"]).group(1)
    needed = {p for p in import_closure(module).values() if p.relative_to(REPO).as_posix() not in TRIVIAL}
    missing = sorted(p.relative_to(REPO).as_posix() for p in needed if not covered(p, stage["deps"]))
    assert not missing, f"stage {name} imports {missing} but dvc.yaml does not list them in its deps"


def test_no_stage_depends_on_the_server_or_benchmarks():
    """Fine-grained deps: a change in serve/ or a benchmark never re-runs the pipeline."""
    for name, stage in stages().items():
        assert not any(d.startswith(("src/htmlgen/serve", "benchmarks", "src/htmlgen/\n")) or d == "src/htmlgen"
                       for d in stage["deps"]), name


def test_no_stage_imports_another_stage():
    """Stages share file names and sidecar schemas through htmlgen.artifacts, never by importing
    each other: otherwise a change in one stage's code re-runs the other (and couples them)."""
    stage_modules = {f"htmlgen.stages.{p.stem}" for p in (SRC / "htmlgen" / "stages").glob("*.py")
                     if p.stem != "__init__"}
    for module in sorted(stage_modules):
        others = sorted(imported_modules(module_file(module), "htmlgen") & (stage_modules - {module}))
        assert not others, f"{module} imports {others}: put what they share in htmlgen.artifacts"


def test_closure_follows_function_level_and_from_package_imports(tmp_path):
    """The checker itself: evaluate imports render lazily, inside a function, and io via `from htmlgen import`."""
    closure = {p.name for p in import_closure("htmlgen.evaluation").values()}
    assert {"render.py", "io.py", "generation.py", "sources.py", "records.py"} <= closure
