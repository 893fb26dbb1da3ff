"""Shared fixtures: a tiny random Llama checkpoint, a tiny exported adapter, a repo copy."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tiny_model.py

from tiny_model import build_tiny_checkpoint  # noqa: E402

pytest_plugins = ["conftest_serve"]  # the server's fixtures, kept beside its tests

REPO = Path(__file__).resolve().parents[1]

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # tests never reach the Hub
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(scope="session")
def tiny_base_dir(tmp_path_factory) -> Path:
    """A tiny random-initialised Llama + byte-level BPE tokenizer with a ChatML template."""
    return build_tiny_checkpoint(tmp_path_factory.mktemp("tiny") / "base")


@pytest.fixture(scope="session")
def tiny_adapter_dir(tiny_base_dir, tmp_path_factory) -> Path:
    """An adapter folder as the export stage writes it, with non-zero LoRA weights."""
    import torch
    from peft import LoraConfig, get_peft_model

    from htmlgen.artifacts import ExportMeta, write_export
    from htmlgen.config import GenerateConfig, to_dict
    from htmlgen.modeling import load_base_model, load_tokenizer

    torch.manual_seed(1)
    model = get_peft_model(load_base_model(tiny_base_dir),
                           LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM"))
    with torch.no_grad():  # lora_B starts at zero: make the adapter change the outputs
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.5)
    # Greedy and without DRY: the serving tests compare answers token by token.
    greedy = GenerateConfig(do_sample=False, temperature=1.0, min_p=0.0, dry_multiplier=0.0)
    meta = ExportMeta(base_model="tiny-test-llama", base_path=str(tiny_base_dir),
                      system_prompt="You write HTML.", max_seq_len=512, generate=to_dict(greedy))
    out = tmp_path_factory.mktemp("export") / "adapter"
    write_export(model, load_tokenizer(tiny_base_dir), meta, out, model_card="# tiny adapter\n")
    return out
