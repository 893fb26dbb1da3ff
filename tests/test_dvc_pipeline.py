"""The DVC pipeline in a temporary copy of the repo, on the tiny model: a second repro re-runs
nothing, and a changed param re-runs exactly the stages that read it and those downstream."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

ALL_STAGES = {"base_model", "fetch", "split", "quantize", "tokenize", "finetune", "evaluate_base", "evaluate",
              "export"}


def dvc(repo: Path, *args: str) -> str:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(repo / "src"), "DVC_NO_ANALYTICS": "1"}
    result = subprocess.run(["dvc", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"dvc {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def stages_run(output: str) -> set[str]:
    return set(re.findall(r"Running stage '([\w@.-]+)'", output))


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def set_params(repo: Path, **changes) -> None:
    params = yaml.safe_load((repo / "params.yaml").read_text())
    for dotted, value in changes.items():
        section, *keys = dotted.split("__")
        target = params[section]
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    (repo / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))


@pytest.fixture(scope="module")
def repo(tmp_path_factory, tiny_base_dir) -> Path:
    """A git + DVC copy of the project whose params point at the tiny model, reproduced once."""
    copy = tmp_path_factory.mktemp("repo") / "htmlgen"
    copy.mkdir()
    for name in ("src", "configs", "data/sample", ".dvc/config", ".dvcignore", "dvc.yaml", "params.yaml",
                 ".gitignore"):
        source, target = REPO / name, copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target)
    set_params(copy, model__name=str(tiny_base_dir), data__max_rows=40, finetune__max_steps=2,
               finetune__save_steps=1, finetune__eval_steps=1, evaluate__max_examples=2,
               generate__max_new_tokens=8, tokenize__max_seq_len=2048, split__test_size=4,
               split__holdout_categories=[], finetune__torch_compile="eager")  # compiling: tests/test_finetune.py
    git(copy, "init", "-q")
    git(copy, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "empty")
    output = dvc(copy, "repro")
    assert stages_run(output) == ALL_STAGES
    git(copy, "add", "-A")
    git(copy, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "baseline")
    return copy


def test_second_repro_reruns_nothing(repo):
    output = dvc(repo, "repro")
    assert stages_run(output) == set()
    assert "up to date" in output


def test_pipeline_outputs_are_in_place(repo):
    adapter = repo / "models" / "adapter"
    assert {"adapter_config.json", "adapter_model.safetensors", "htmlgen.json", "README.md"} <= {
        p.name for p in adapter.iterdir()}
    figures = json.loads((repo / "metrics" / "eval.json").read_text())
    assert set(figures) >= {"base", "finetuned", "delta"} and figures["examples"] == 2
    assert {"chrf", "markup_rougeL", "finished_page", "perplexity"} <= set(figures["finetuned"])
    low, high = figures["finetuned"]["chrf"]["ci95"]
    assert low <= figures["finetuned"]["chrf"]["mean"] <= high
    screenshots = (repo / "plots" / "gallery.html").read_text().count("<img ")
    if figures["render_skipped"]:
        assert screenshots == 0
    else:  # reference, base and fine-tuned for both prompts
        assert screenshots == 6 and "render_score" in figures["finetuned"]
    adapter_meta = json.loads((adapter / "htmlgen.json").read_text())
    assert adapter_meta["generate"] == yaml.safe_load((repo / "params.yaml").read_text())["generate"]


def read_curve(repo: Path, name: str) -> list[tuple[int, float]]:
    rows = (repo / "metrics" / "finetune" / "plots" / "metrics" / name).read_text().splitlines()[1:]
    return [(int(row.split("\t")[0]), float(row.split("\t")[-1])) for row in rows]


def test_finetune_killed_and_rerun_by_dvc_keeps_the_whole_loss_curve(repo):
    """DVC deletes metrics/finetune before it re-runs finetune: the resumed run rebuilds the curves
    from the checkpoint, and train_loss averages every step, not only the resumed ones."""
    whole = {name: read_curve(repo, name) for name in ("train/loss.tsv", "eval/loss.tsv")}
    figures = json.loads((repo / "metrics" / "finetune" / "metrics.json").read_text())
    assert [step for step, _ in whole["train/loss.tsv"]] == [1, 2] and figures["steps"] == 2
    # As if killed after the checkpoint of step 1: the last checkpoint is gone, the first is kept.
    shutil.rmtree(repo / "models" / "checkpoints" / "checkpoint-2")
    try:
        output = dvc(repo, "repro", "-f", "-s", "finetune")
        assert stages_run(output) == {"finetune"} and "resuming from" in output
        resumed = json.loads((repo / "metrics" / "finetune" / "metrics.json").read_text())
        assert resumed["resumed"] is True and resumed["steps"] == 2
        for name, curve in whole.items():
            assert [step for step, _ in read_curve(repo, name)] == [step for step, _ in curve], name
            assert [loss for _, loss in read_curve(repo, name)] == pytest.approx([loss for _, loss in curve], rel=1e-4)
        assert resumed["train_loss"] == pytest.approx(figures["train_loss"], abs=2e-4)
    finally:  # back to the committed run for the tests below
        git(repo, "checkout", "--", ".")
        dvc(repo, "checkout")


def test_finetune_param_reruns_finetune_evaluate_export_only(repo):
    """The base model's answers (evaluate_base) do not depend on finetune: never regenerated."""
    rate = yaml.safe_load((repo / "params.yaml").read_text())["finetune"]["learning_rate"] * 2
    output = dvc(repo, "exp", "run", "-S", f"finetune.learning_rate={rate}")
    assert stages_run(output) == {"finetune", "evaluate", "export"}
    shown = json.dumps(json.loads(dvc(repo, "exp", "show", "--json")))
    assert str(rate) in shown and "markup_rougeL" in shown  # the experiment's param and metrics are listed


def test_generate_param_reruns_both_evaluations_and_export_not_training(repo):
    output = dvc(repo, "exp", "run", "-S", "generate.max_new_tokens=6")
    assert stages_run(output) == {"evaluate_base", "evaluate", "export"}


def test_back_from_an_experiment_nothing_reruns(repo):
    """`dvc exp run` leaves the workspace on the experiment; going back to the committed run
    must not re-run finetune (its Trainer checkpoints are no DVC output, so they cannot differ)."""
    dvc(repo, "exp", "run", "-S", "finetune.lora.r=4")
    git(repo, "checkout", "--", ".")
    dvc(repo, "checkout")
    assert stages_run(dvc(repo, "repro")) == set()


def test_two_process_experiment_through_dvc(repo):
    """finetune.launch.num_processes reaches `accelerate launch` through dvc.yaml's command."""
    output = dvc(repo, "exp", "run", "-S", "finetune.launch.num_processes=2")
    assert stages_run(output) == {"finetune", "evaluate", "export"}
    assert "2 process(es)" in output
    git(repo, "checkout", "--", ".")
    dvc(repo, "checkout")


def test_remote_round_trip_restores_the_run(repo, tmp_path):
    """A team shares a finished run: push to a remote (a local folder here; S3, GCS or SSH the same
    way), clone fresh, pull: nothing is stale, and `dvc repro` rebuilds only what is deliberately
    not cached (models/base from model.name, models/quantized from it) and nothing downstream."""
    remote = tmp_path / "remote"
    dvc(repo, "remote", "add", "-f", "-d", "team", str(remote))
    git(repo, "add", ".dvc/config")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "remote")
    dvc(repo, "push")
    assert any(remote.rglob("*")), "nothing was pushed"

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, capture_output=True)
    assert not (clone / "models").exists()
    dvc(clone, "pull")
    assert (clone / "models" / "adapter" / "adapter_model.safetensors").is_file()
    assert (clone / "data" / "eval" / "finetuned").is_dir()
    assert not (clone / "models" / "base").exists()  # cache: false, never pushed
    # models/base and models/quantized are kept out of the cache (dvc.yaml: cache: false): rebuilt, not stored.
    stages = yaml.safe_load((clone / "dvc.yaml").read_text())["stages"]
    uncached = {"base_model": "${paths.base}", "quantize": "${paths.quantized}"}
    for name, out in uncached.items():
        assert {"cache": False} in [o.get(out) for o in stages[name]["outs"] if isinstance(o, dict)], name
    before = dvc(clone, "status")
    assert stages_run(dvc(clone, "repro")) == set(uncached), before  # and nothing downstream of them
    assert "up to date" in dvc(clone, "status")
    assert stages_run(dvc(clone, "repro")) == set()


def test_same_params_give_byte_identical_splits(repo):
    before = {p.name: p.read_bytes() for p in (repo / "data" / "split").glob("*.jsonl")}
    assert stages_run(dvc(repo, "repro", "-f", "-s", "split")) == {"split"}
    after = {p.name: p.read_bytes() for p in (repo / "data" / "split").glob("*.jsonl")}
    assert before == after and len(before) == 3


def test_split_param_reruns_split_and_tokenize_not_fetch(repo):
    set_params(repo, split__test_size=0.2)
    assert stages_run(dvc(repo, "repro", "tokenize")) == {"split", "tokenize"}


def test_tokenize_param_reruns_tokenize_only(repo):
    set_params(repo, tokenize__max_seq_len=700)
    assert stages_run(dvc(repo, "repro", "tokenize")) == {"tokenize"}
