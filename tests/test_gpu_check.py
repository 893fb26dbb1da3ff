"""benchmarks/gpu_check.py on a tiny Mistral-shaped model on the CPU: the same code path the GPU
check runs on a Mistral-7B shape (random weights, the project's finetune, both settings)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.slow
def test_gpu_check_trains_both_settings_on_a_tiny_mistral_shape(tmp_path):
    out = tmp_path / "gpu_check.json"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "OMP_NUM_THREADS": "1"}
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "gpu_check.py"), "--shape", "tiny",
                             "--steps", "2", "--seq-len", "256", "--out", str(out)],
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(out.read_text())
    rows = {row["setting"]: row for row in report["rows"]}
    assert set(rows) == {"qlora", "lora_bf16"}
    qlora, lora = rows["qlora"], rows["lora_bf16"]
    # The QLoRA path really stores the base in 4 bits (NF4) and trains with bitsandbytes' paged
    # 8-bit AdamW with gradient checkpointing; the other setting keeps full-width weights.
    assert qlora["load_in"] == "4bit" and qlora["optim"] == "paged_adamw_8bit"
    assert qlora["gradient_checkpointing"] and lora["gradient_checkpointing"]
    assert qlora["weights_gb"] < 0.6 * lora["weights_gb"]
    for row in rows.values():
        assert row["steps"] == 2
        assert row["train_tokens"] == 2 * 256
        assert 0 < row["train_loss"] < 20
    assert "| qlora | 4bit |" in result.stdout
