"""GPTQ on the CPU with the tiny Llama (PITFALLS #7: pin what works and test the path end to end):
the quantize stage writes a GPTQ checkpoint and no ./logs in the working directory, it reloads
with a trainable kernel, LoRA trains on it through the finetune stage, evaluate's and serve's
loaders use it, base_model copies a GPTQ folder as is, and bad params fail before any work.

The tests that need gptqmodel (the optional extra, requirements-gptq.txt) are skipped without it;
scripts/setup.sh --dev installs it, so CI runs them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import torch
import yaml

from htmlgen import artifacts, gptq, io
from htmlgen.config import ConfigError, GptqConfig, ModelConfig, QuantConfig
from htmlgen.modeling import load_base_model, resolve_base
from htmlgen.stages import quantize as quantize_stage

from finetune_data import FAST, SYSTEM, TRAIN_PAIRS, VALIDATION_PAIRS, run_tokenize  # noqa: E402
from finetune_data import config as finetune_config  # noqa: E402

needs_gptq = pytest.mark.skipif(
    not gptq.available(),
    reason="gptqmodel is not installed (optional extra: pip install -r requirements-gptq.txt && "
           "pip install --no-deps gptqmodel==7.7.0; scripts/setup.sh --dev installs it, as CI does)")

GPTQ_PARAMS = {"method": "gptq", "bits": 4, "group_size": 32, "calibration_samples": 8, "calibration_max_len": 64}


def run_quantize(root: Path, base: Path, quantize_params: dict, rows: list[dict] | None = None) -> tuple[int, Path]:
    """The quantize stage's main with its own params.yaml and train.jsonl, from a scratch cwd."""
    root.mkdir(parents=True, exist_ok=True)
    params = root / "params.yaml"
    params.write_text(yaml.safe_dump({"prompt": {"system": SYSTEM}, "quantize": quantize_params}))
    train = root / "train.jsonl"
    if rows is None:
        rows = [{"id": f"t{i}", "prompt": p, "html": h} for i, (p, h) in enumerate(TRAIN_PAIRS * 3)]
    io.write_jsonl(train, rows)
    out = root / "quantized"
    rc = quantize_stage.main(["--params", str(params), "--base", str(base), "--train", str(train), "--out", str(out)])
    return rc, out


@pytest.fixture(scope="module")
def gptq_dir(tiny_base_dir, tmp_path_factory) -> Path:
    if not gptq.available():
        pytest.skip("gptqmodel is not installed")
    root = tmp_path_factory.mktemp("gptq")
    cwd = root / "cwd"
    cwd.mkdir()
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        rc, out = run_quantize(root, tiny_base_dir, GPTQ_PARAMS)
    finally:
        os.chdir(previous)
    assert rc == 0
    assert list(cwd.iterdir()) == [], "quantize left files (gptqmodel's ./logs) in the working directory"
    return out


@pytest.fixture(scope="module")
def data_dir(tiny_base_dir, tmp_path_factory) -> Path:
    return run_tokenize(tmp_path_factory.mktemp("gptq_data"), tiny_base_dir,
                        {"train": TRAIN_PAIRS, "validation": VALIDATION_PAIRS, "test": VALIDATION_PAIRS})


@pytest.fixture(scope="module")
def gptq_lora(gptq_dir, data_dir, tmp_path_factory) -> tuple[dict, Path]:
    """The finetune stage's function trained on the GPTQ base (as finetune --quantized does)."""
    from htmlgen.stages import finetune as finetune_stage

    root = tmp_path_factory.mktemp("gptq_lora")
    previous = os.getcwd()
    os.chdir(root)  # dvclive looks for a repo from the working directory: keep away from this one
    try:
        summary = finetune_stage.finetune(finetune_config(max_steps=12), QuantConfig(), data_dir, gptq_dir,
                                          root / "checkpoints", root / "lora", root / "live")
    finally:
        os.chdir(previous)
    return summary, root


# --------------------------------------------------------------------------- no gptqmodel needed


@pytest.mark.parametrize("bad, message", [
    ({"bits": 5}, "quantize.bits"),
    ({"calibration_samples": 0}, "calibration_samples"),
    ({"damp_percent": 1.5}, "damp_percent"),
    ({"group_size": 48}, "group_size"),
    ({"group_size": 128}, "does not divide"),  # the tiny model is 64 wide
])
def test_bad_gptq_param_fails_before_any_work(bad, message, tmp_path, tiny_base_dir, monkeypatch, capsys):
    def no_work():
        raise AssertionError("gptqmodel was reached: the params should have been refused first")

    monkeypatch.setattr(gptq, "require", no_work)
    rc, out = run_quantize(tmp_path, tiny_base_dir, {**GPTQ_PARAMS, **bad})
    assert rc == 2 and not out.exists()
    assert message in capsys.readouterr().err


def test_no_calibration_rows_fails_before_any_work(tmp_path, tiny_base_dir, monkeypatch, capsys):
    monkeypatch.setattr(gptq, "require", lambda: pytest.fail("gptqmodel was reached"))
    rc, out = run_quantize(tmp_path, tiny_base_dir, GPTQ_PARAMS, rows=[])
    assert rc == 2 and not out.exists()
    assert "no calibration rows" in capsys.readouterr().err
    with pytest.raises(ConfigError, match="no calibration rows"):
        gptq.quantize(tiny_base_dir, tmp_path / "q", [], GptqConfig(method="gptq"))


def test_method_none_writes_only_the_marker_and_keeps_the_base(tmp_path, tiny_base_dir):
    rc, out = run_quantize(tmp_path, tiny_base_dir, {"method": "none"})
    assert rc == 0
    assert [p.name for p in out.iterdir()] == [artifacts.QUANTIZE_FILE]
    assert io.read_json(out / artifacts.QUANTIZE_FILE) == {"method": "none"}
    assert resolve_base(tiny_base_dir, out) == Path(tiny_base_dir)
    assert resolve_base(tiny_base_dir, tmp_path / "missing") == Path(tiny_base_dir)
    assert not gptq.is_gptq_checkpoint(tiny_base_dir)


def test_default_group_size_fits_smollm2():
    # SmolLM2-135M: hidden 576, intermediate 1536 (576 is not a multiple of 128).
    gptq.check_fits(GptqConfig(), {"hidden_size": 576, "intermediate_size": 1536})


@needs_gptq
def test_a_gptq_base_loads_on_this_process_gpu(tmp_path):
    """Under DDP each process loads the base on its own GPU (GPU 0 for all would put every copy on one
    card); on a CPU, on the CPU. (The kwargs only: no GPU here.)"""
    (tmp_path / "config.json").write_text('{"quantization_config": {"quant_method": "gptq", "bits": 4, '
                                          '"group_size": 32}}')
    assert gptq.load_kwargs(tmp_path, on_gpu=True, gpu_index=1)["device_map"] == {"": 1}
    assert gptq.load_kwargs(tmp_path, on_gpu=False, gpu_index=1)["device_map"] == {"": "cpu"}


# --------------------------------------------------------------------------- with gptqmodel


@needs_gptq
def test_quantize_writes_a_gptq_checkpoint(gptq_dir, tiny_base_dir):
    names = {p.name for p in gptq_dir.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", artifacts.QUANTIZE_FILE} <= names
    assert gptq.is_gptq_checkpoint(gptq_dir)
    facts = io.read_json(gptq_dir / artifacts.QUANTIZE_FILE)
    assert facts["method"] == "gptq" and facts["bits"] == 4 and facts["group_size"] == 32
    assert facts["calibration_samples"] == 8
    quant = json.loads((gptq_dir / "config.json").read_text())["quantization_config"]
    assert quant["quant_method"] == "gptq" and quant["bits"] == 4
    assert resolve_base(tiny_base_dir, gptq_dir) == gptq_dir


@needs_gptq
def test_gptq_base_reloads_with_a_trainable_kernel_close_to_full_precision(gptq_dir, tiny_base_dir):
    model = load_base_model(gptq_dir)
    layer = model.model.layers[0].self_attn.q_proj
    assert type(layer).__name__ == "TorchAtenLinear", type(layer)
    assert getattr(layer, "SUPPORTS_TRAINING", False)
    ids = torch.tensor([[5, 17, 42, 99, 7, 3, 120, 64]])
    with torch.no_grad():
        quantized = model(input_ids=ids).logits
        full = load_base_model(tiny_base_dir)(input_ids=ids).logits
    relative = ((quantized - full).norm() / full.norm()).item()
    assert 0 < relative < 0.5, relative


@needs_gptq
def test_bitsandbytes_on_top_of_gptq_is_refused(gptq_dir):
    with pytest.raises(ConfigError, match="GPTQ"):
        load_base_model(gptq_dir, QuantConfig(load_in="4bit"))


@needs_gptq
def test_lora_trains_on_the_gptq_base(gptq_lora, gptq_dir):
    import csv

    summary, root = gptq_lora
    assert summary["steps"] == 12
    with open(root / "live" / "plots" / "metrics" / "train" / "loss.tsv", encoding="utf-8") as handle:
        losses = [float(row["loss"]) for row in csv.DictReader(handle, delimiter="\t")]
    assert losses[-1] < losses[0] * 0.9, losses
    assert io.read_json(root / "lora" / "htmlgen_train.json")["base"] == str(gptq_dir)
    assert FAST["lora"]["r"] == io.read_json(root / "lora" / "adapter_config.json")["r"]


@needs_gptq
def test_evaluate_and_serve_load_the_gptq_base(gptq_lora, gptq_dir, tiny_base_dir, tmp_path):
    from peft import PeftModel

    from htmlgen.artifacts import ExportMeta, write_export
    from htmlgen.modeling import load_exported
    from htmlgen.config import GenerateConfig
    from htmlgen.generation import generate_answers
    from htmlgen.modeling import load_adapted_model, load_tokenizer
    from htmlgen.prompting import encode_prompt

    _, root = gptq_lora
    # evaluate's path: --base models/base --quantized models/quantized
    evaluated = load_adapted_model(resolve_base(tiny_base_dir, gptq_dir), root / "lora")
    tokenizer = load_tokenizer(root / "lora")
    outputs = generate_answers(evaluated, tokenizer, [encode_prompt(tokenizer, "A blue button", SYSTEM)],
                               GenerateConfig(max_new_tokens=4, do_sample=False), batch_size=1)
    assert outputs[0].new_tokens <= 4

    # serve's path: the export records the GPTQ folder as the base, load_exported loads it back
    peft_model = PeftModel.from_pretrained(load_base_model(gptq_dir), str(root / "lora"))
    meta = ExportMeta(base_model="tiny-gptq", base_path=str(gptq_dir), system_prompt=SYSTEM, max_seq_len=256)
    write_export(peft_model, tokenizer, meta, tmp_path / "adapter", model_card="# tiny\n")
    served, _, served_meta = load_exported(tmp_path / "adapter")
    assert served_meta.base_path == str(gptq_dir)
    ids = torch.tensor([[5, 17, 42, 99, 7, 3]])
    with torch.no_grad():
        torch.testing.assert_close(served(input_ids=ids).logits, evaluated(input_ids=ids).logits)
        with served.disable_adapter():
            assert (served(input_ids=ids).logits - evaluated(input_ids=ids).logits).abs().max() > 0


@needs_gptq
def test_base_model_copies_a_gptq_folder_as_is(gptq_dir, tmp_path):
    from htmlgen.modeling import materialise_base

    out = tmp_path / "base"
    facts = materialise_base(ModelConfig(name=str(gptq_dir)), out)
    assert (out / "model.safetensors").read_bytes() == (gptq_dir / "model.safetensors").read_bytes()
    assert gptq.is_gptq_checkpoint(out)
    tiny = load_base_model(gptq_dir)
    assert facts["source_kind"] == "local" and facts["dtype"].startswith("GPTQ 4-bit")
    assert facts["parameters"] > 0.9 * sum(p.numel() for p in tiny.parameters() if p.dtype.is_floating_point)


def test_gptq_without_the_extra_is_a_one_line_error(tiny_base_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(gptq, "available", lambda: False)
    rc, out = run_quantize(tmp_path, tiny_base_dir, GPTQ_PARAMS)
    err = capsys.readouterr().err
    assert rc == 2 and not out.exists()
    assert "gptqmodel" in err and "requirements-gptq.txt" in err and "Traceback" not in err
