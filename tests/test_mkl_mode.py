"""Importing htmlgen puts MKL in its reproducible mode (MKL_CBWR=AUTO) before torch multiplies
anything, unless the user chose a mode (or MKL's default, with an empty value)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO


def mkl_cbwr_after_import(env_value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "MKL_CBWR"}
    env["PYTHONPATH"] = str(REPO / "src")
    if env_value is not None:
        env["MKL_CBWR"] = env_value
    code = "import htmlgen, os; print(repr(os.environ.get('MKL_CBWR')))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_importing_htmlgen_sets_the_reproducible_mode():
    assert mkl_cbwr_after_import(None) == "'AUTO'"


@pytest.mark.parametrize("value", ["AVX2", ""])
def test_a_mode_the_user_set_wins(value):
    assert mkl_cbwr_after_import(value) == repr(value)


def test_a_stage_process_gets_it_before_torch_multiplies():
    # `python -m htmlgen.stages.x` imports the htmlgen package before the stage module (and torch).
    code = ("import sys; sys.argv = ['x', '--help']; import runpy, os\n"
            "try:\n    runpy.run_module('htmlgen.stages.split', run_name='__main__')\n"
            "except SystemExit:\n    pass\nprint(repr(os.environ.get('MKL_CBWR')))")
    env = {k: v for k, v in os.environ.items() if k != "MKL_CBWR"}
    env["PYTHONPATH"] = str(REPO / "src")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "'AUTO'"
