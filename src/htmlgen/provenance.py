"""Which code a result came from: the source files a module runs (its own package's modules it
imports, directly or through others, imports inside functions included) and the versions of the
libraries that do the numerics. finetune puts both in its checkpoints' fingerprint, so that a
checkpoint is resumed only by the code that wrote it; tests/test_dvc_deps.py checks with the same
closure that dvc.yaml's deps cover what each stage imports."""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import importlib.util
from pathlib import Path


def module_file(name: str) -> Path | None:
    """The source file of module ``name`` (a package's ``__init__.py``), or None if there is none.
    Found by path under its top-level package's folder: nothing is imported (an import would run
    the module, and a failing one would drop its submodules unseen)."""
    top, *rest = name.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.origin or not spec.origin.endswith("__init__.py"):
        return None
    path = Path(spec.origin).parent.joinpath(*rest)
    if rest and path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    return path / "__init__.py" if (path / "__init__.py").is_file() else None


def imported_modules(path: Path, package: str) -> set[str]:
    """Modules of ``package`` that ``path`` imports (``from htmlgen import io`` names htmlgen.io)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {n for n in names if n.split(".")[0] == package and module_file(n)}


def import_closure(module: str) -> dict[str, Path]:
    """{module name: source file} of ``module`` and every module of its top-level package it runs,
    parent packages included (they run first)."""
    package = module.split(".")[0]
    seen: dict[str, Path] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        path = module_file(name)
        if path is None or name in seen or path in seen.values():
            continue
        seen[name] = path
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        todo += sorted(imported_modules(path, package))
    return dict(sorted(seen.items()))


def code_digest(module: str, libraries: tuple[str, ...] = ()) -> str:
    """A digest of the source ``module`` runs and of the installed versions of ``libraries``."""
    digest = hashlib.sha256()
    for name, path in import_closure(module).items():
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for library in libraries:
        try:
            version = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{library}=={version}\0".encode())
    return digest.hexdigest()
