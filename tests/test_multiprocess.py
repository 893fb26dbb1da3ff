"""finetune under `accelerate launch` with 2 processes on the CPU (DDP over gloo), as dvc.yaml
starts it: the loss curve equals 1 process with the same effective batch, only the main process
writes, and a killed 2-process run resumes where it stopped (the tiny Llama)."""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from safetensors.torch import load_file

from conftest import REPO
from htmlgen import io
from finetune_data import TRAIN_PAIRS, VALIDATION_PAIRS, run_tokenize

ACCELERATE = Path(sys.executable).parent / "accelerate"
# Same examples per optimizer step either way (accelerate hands consecutive micro-batches to the
# processes), and the Trainer normalises the loss by the answer tokens of all processes: only
# the order of floating-point sums differs (an all-reduce), ~1e-7 on these losses.
LOSS_REL_TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def data_dir(tiny_base_dir, tmp_path_factory) -> Path:
    return run_tokenize(tmp_path_factory.mktemp("data"), tiny_base_dir,
                        {"train": TRAIN_PAIRS * 4, "validation": VALIDATION_PAIRS, "test": VALIDATION_PAIRS})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch_command(root: Path, data_dir: Path, base: Path, processes: int, accumulation: int, **finetune) -> list:
    values = {"seed": 42, "lora": {"r": 8, "alpha": 16, "dropout": 0.0}, "per_device_train_batch_size": 1,
              "gradient_accumulation_steps": accumulation, "learning_rate": 1e-2, "lr_scheduler_type": "constant",
              "warmup_steps": 0, "logging_steps": 1, "eval_steps": 0, "save_steps": 1000,
              "launch": {"num_processes": processes},
              # eager: DDP is what is tested (with the default `regions` both tests passed too, in 182 s against 78 s)
              "torch_compile": "eager", **finetune}
    root.mkdir(parents=True, exist_ok=True)
    (root / "params.yaml").write_text(yaml.safe_dump({"finetune": values, "quant": {"load_in": "none"}}))
    return [str(ACCELERATE), "launch", "--config_file", str(REPO / "configs/accelerate/ddp.yaml"),
            "--num_processes", str(processes), "--main_process_port", str(free_port()),
            "-m", "htmlgen.stages.finetune", "--params", "params.yaml", "--data", str(data_dir), "--base", str(base),
            "--checkpoints", "checkpoints", "--out", "lora", "--live", "live"]


def environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    return {**env, "PYTHONPATH": str(REPO / "src"), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false"}


def run(root: Path, command: list) -> str:
    result = subprocess.run(command, cwd=root, env=environment(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stderr


def loss_curve(root: Path) -> list[tuple[int, float]]:
    with open(root / "live" / "plots" / "metrics" / "train" / "loss.tsv", encoding="utf-8") as handle:
        return [(int(row["step"]), float(row["loss"])) for row in csv.DictReader(handle, delimiter="\t")]


def test_two_processes_follow_the_one_process_curve_and_only_the_main_one_writes(tmp_path, data_dir,
                                                                                  tiny_base_dir):
    one = run(tmp_path / "one", launch_command(tmp_path / "one", data_dir, tiny_base_dir, 1, 4, max_steps=3))
    two = run(tmp_path / "two", launch_command(tmp_path / "two", data_dir, tiny_base_dir, 2, 2, max_steps=3))
    assert "1 process(es), effective batch 4" in one
    assert "2 process(es), effective batch 4" in two
    # One process under accelerate launch trains without DDP (a group of one only costs time).
    assert "no DDP wrapper" in one and "no DDP wrapper" not in two

    single, double = loss_curve(tmp_path / "one"), loss_curve(tmp_path / "two")
    assert [s for s, _ in double] == [1, 2, 3]  # each step once: the second process logged nothing
    for (step, loss), (_, want) in zip(double, single, strict=True):
        assert loss == pytest.approx(want, rel=LOSS_REL_TOLERANCE), f"step {step}: 2 processes {loss} vs 1 {want}"
    a = load_file(tmp_path / "one" / "lora" / "adapter_model.safetensors")
    b = load_file(tmp_path / "two" / "lora" / "adapter_model.safetensors")
    assert a.keys() == b.keys()
    assert max((a[k] - b[k]).abs().max().item() for k in a) < 1e-5
    assert max(a[k].abs().max().item() for k in a if "lora_B" in k) > 1e-3  # it trained (B starts at 0)

    # Only the main process wrote: one start line, one line per step, no staging folders left behind.
    assert two.count("LoRA r=8") == 1
    assert sum(f"step {k}/3  loss" in line for k in (1, 2, 3) for line in two.splitlines()) == 3
    assert not [p.name for p in (tmp_path / "two").iterdir() if p.name.endswith(".tmp")]
    summary = io.read_json(tmp_path / "two" / "live" / "metrics.json")
    assert summary["steps"] == 3 and summary["resumed"] is False


def _finished_checkpoint(folder: Path) -> Path | None:
    done = [c for c in folder.glob("checkpoint-*") if (c / "trainer_state.json").is_file()]
    return max(done, key=lambda c: int(c.name.split("-")[1])) if done else None


def test_a_killed_two_process_run_resumes_where_it_stopped(tmp_path, data_dir, tiny_base_dir):
    max_steps = 16
    root = tmp_path / "killed"
    command = launch_command(root, data_dir, tiny_base_dir, 2, 1, max_steps=max_steps, save_steps=2)
    with open(tmp_path / "first.log", "w") as log:
        first = subprocess.Popen(command, cwd=root, env=environment(), stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True)  # its own group: the kill reaches torchrun's workers
        deadline = time.monotonic() + 300
        while first.poll() is None and _finished_checkpoint(root / "checkpoints") is None:
            assert time.monotonic() < deadline, "no checkpoint was written in time"
            time.sleep(0.05)
        assert first.poll() is None, "the first run finished before it could be killed"
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert not (root / "lora").exists()
    saved_step = io.read_json(_finished_checkpoint(root / "checkpoints") / "trainer_state.json")["global_step"]
    assert 2 <= saved_step < max_steps

    second = run(root, command)
    assert "resuming from" in second
    state = io.read_json(root / "checkpoints" / f"checkpoint-{max_steps}" / "trainer_state.json")
    logged = [(e["step"], e["loss"]) for e in state["log_history"] if "loss" in e]
    assert [step for step, _ in logged] == list(range(1, max_steps + 1))  # no restart, no jump
    assert io.read_json(root / "live" / "metrics.json")["resumed"] is True

    straight = tmp_path / "straight"
    run(straight, launch_command(straight, data_dir, tiny_base_dir, 2, 1, max_steps=max_steps, save_steps=2))
    reference = io.read_json(straight / "checkpoints" / f"checkpoint-{max_steps}" / "trainer_state.json")
    expected = [(e["step"], e["loss"]) for e in reference["log_history"] if "loss" in e]
    for (step, loss), (_, want) in zip(logged, expected, strict=True):
        assert loss == pytest.approx(want, rel=1e-4), f"step {step}: resumed {loss} vs uninterrupted {want}"
