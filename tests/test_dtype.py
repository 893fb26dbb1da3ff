"""model.dtype is honoured everywhere: a tiny model configured bfloat16 is saved, trained,
evaluated, merged and served in bfloat16, not silently in float32 (a 7B in fp32 is 28 GB)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
import torch
import yaml
from safetensors import safe_open

from finetune_data import TRAIN_PAIRS, VALIDATION_PAIRS, config, run_tokenize
from htmlgen import io
from htmlgen.artifacts import TrainRecord, resolve_from_adapter
from htmlgen.config import QuantConfig
from htmlgen.modeling import load_base_model, load_exported
from htmlgen.stages import base_model as base_model_stage
from htmlgen.stages import evaluate as evaluate_stage
from htmlgen.stages import export as export_stage
from htmlgen.stages import finetune as finetune_stage


def weight_dtypes(folder: Path) -> set[str]:
    dtypes = set()
    for path in folder.glob("*.safetensors"):
        with safe_open(str(path), framework="pt") as handle:
            dtypes |= {str(handle.get_slice(key).get_dtype()) for key in handle.keys()}
    return dtypes


@pytest.fixture(scope="module")
def bf16_run(tiny_base_dir, tmp_path_factory):
    """base_model (model.dtype: bfloat16) -> tokenize -> finetune -> export with merge, on the tiny model."""
    root = tmp_path_factory.mktemp("bf16")
    params = root / "params.yaml"
    params.write_text(yaml.safe_dump({"model": {"name": str(tiny_base_dir), "dtype": "bfloat16"},
                                      "export": {"merge": True}}))
    base = root / "base"
    assert base_model_stage.main(["--params", str(params), "--out", str(base)]) == 0
    data = run_tokenize(root / "data", base, {"train": TRAIN_PAIRS, "validation": VALIDATION_PAIRS,
                                              "test": VALIDATION_PAIRS})
    lora = root / "lora"
    with contextlib.chdir(root):  # dvclive looks for a repo from the working directory: not this one
        finetune_stage.finetune(config(max_steps=2), QuantConfig(), data, base, root / "checkpoints", lora,
                                root / "live")
    io.write_json(root / "eval.json", {"examples": 1, "base": {}, "finetuned": {}})
    io.write_json(root / "data.json", {"source": "sample", "split": {}})
    adapter, merged = root / "adapter", root / "merged"
    assert export_stage.main(["--params", str(params), "--base", str(base), "--lora", str(lora),
                              "--eval", str(root / "eval.json"), "--data-metrics", str(root / "data.json"),
                              "--out", str(adapter), "--merged", str(merged)]) == 0
    return {"base": base, "lora": lora, "adapter": adapter, "merged": merged}


def test_base_model_saves_the_configured_dtype(bf16_run):
    assert weight_dtypes(bf16_run["base"]) == {"BF16"}


def test_finetune_trains_on_the_base_in_its_dtype(bf16_run):
    assert TrainRecord.read(bf16_run["lora"]).base_dtype == "torch.bfloat16"


def test_evaluate_loads_both_models_in_the_base_dtype(bf16_run):
    assert load_base_model(bf16_run["base"], QuantConfig()).dtype == torch.bfloat16  # evaluate_base
    tuned = evaluate_stage.load_finetuned(bf16_run["base"], bf16_run["lora"], QuantConfig())
    assert tuned.get_base_model().dtype == torch.bfloat16
    # Not merged: rounding W + BA to bf16 loses much of a small update; the adapter adds it in fp32.
    assert hasattr(tuned, "peft_config")
    lora = {n: p.dtype for n, p in tuned.named_parameters() if "lora_" in n}
    assert lora and set(lora.values()) == {torch.float32}
    assert {p.dtype for n, p in tuned.named_parameters() if "lora_" not in n} == {torch.bfloat16}


def test_serve_merges_a_float32_base_and_keeps_a_bfloat16_ones_adapter(bf16_run, tiny_adapter_dir):
    from htmlgen.serve.engine import merge_unless_quantized

    served, _, meta = load_exported(bf16_run["adapter"])
    assert hasattr(merge_unless_quantized(served, meta), "peft_config")  # bf16: served as evaluate measured it
    fp32, _, fp32_meta = load_exported(tiny_adapter_dir)
    assert fp32.get_base_model().dtype == torch.float32
    assert not hasattr(merge_unless_quantized(fp32, fp32_meta), "peft_config")  # merged


def test_export_merges_in_the_base_dtype_and_serve_loads_it(bf16_run):
    assert weight_dtypes(bf16_run["merged"]) == {"BF16"}
    served, _, meta = load_exported(bf16_run["adapter"])
    assert served.base_model.model.dtype == torch.bfloat16
    merged, _, _ = load_exported(bf16_run["adapter"], merged=True)
    assert resolve_from_adapter(meta.merged_path, bf16_run["adapter"]).resolve() == Path(bf16_run["merged"]).resolve()
    assert merged.dtype == torch.bfloat16
