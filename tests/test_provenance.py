"""htmlgen.provenance: the code a module runs (its package's modules it imports, directly, through
others or inside functions) and a digest of it and of library versions, which finetune's
checkpoints are fingerprinted with (a checkpoint is resumed only by the code that wrote it)."""

from __future__ import annotations

import importlib
import importlib.metadata
import sys

from htmlgen import provenance


def write_package(root, files: dict[str, str]):
    package = root / "pkgx"
    package.mkdir()
    for name, text in files.items():
        (package / name).write_text(text)
    return package


def test_the_closure_follows_imports_and_the_digest_only_the_code_in_it(tmp_path, monkeypatch):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "stage.py": "from pkgx import helper\n\ndef run():\n    from pkgx.lazy import thing\n    return thing\n",
        "helper.py": "import json\nX = 1\n",
        "lazy.py": "thing = 2\n",
        "unrelated.py": "Y = 3\n",
    })
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()

    assert set(provenance.import_closure("pkgx.stage")) == {"pkgx", "pkgx.stage", "pkgx.helper", "pkgx.lazy"}
    assert "pkgx.stage" not in sys.modules  # found by path: nothing imported
    before = provenance.code_digest("pkgx.stage")
    (package / "unrelated.py").write_text("Y = 4\n")
    assert provenance.code_digest("pkgx.stage") == before  # outside the closure: no change
    (package / "lazy.py").write_text("thing = 3\n")
    assert provenance.code_digest("pkgx.stage") != before  # imported inside a function: a change


def test_the_digest_covers_library_versions(tmp_path, monkeypatch):
    write_package(tmp_path, {"__init__.py": "", "stage.py": "X = 1\n"})
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    before = provenance.code_digest("pkgx.stage", ("torch", "no-such-library"))
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.0.1" if name == "torch" else real(name))
    assert provenance.code_digest("pkgx.stage", ("torch", "no-such-library")) != before
