"""Importing htmlgen puts MKL in its reproducible mode (MKL_CBWR=AUTO) before torch multiplies
anything, unless the user chose a mode (or MKL's default, with an empty value)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO


def mkl_cbwr_after(code: str, env_value: str | None = None) -> str:
    """MKL_CBWR as a fresh Python process running ``code`` sees it at the end (printed last)."""
    env = {k: v for k, v in os.environ.items() if k != "MKL_CBWR"}
    env["PYTHONPATH"] = str(REPO / "src")
    if env_value is not None:
        env["MKL_CBWR"] = env_value
    code += "\nimport os; print(repr(os.environ.get('MKL_CBWR')))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_importing_htmlgen_sets_the_reproducible_mode():
    assert mkl_cbwr_after("import htmlgen") == "'AUTO'"


@pytest.mark.parametrize("value", ["AVX2", ""])
def test_a_mode_the_user_set_wins(value):
    assert mkl_cbwr_after("import htmlgen", value) == repr(value)


def test_a_stage_process_gets_it_before_torch_multiplies():
    # `python -m htmlgen.stages.x` imports the htmlgen package before the stage module (and torch).
    code = ("import sys, runpy; sys.argv = ['x', '--help']\n"
            "try:\n    runpy.run_module('htmlgen.stages.split', run_name='__main__')\n"
            "except SystemExit:\n    pass")
    assert mkl_cbwr_after(code) == "'AUTO'"
