"""Hand-written training pairs and a tokenize run on them, shared by the finetune, GPTQ and dtype
tests (a helper module: test modules never import each other)."""

from __future__ import annotations

from pathlib import Path

import yaml

from htmlgen import io
from htmlgen.config import FinetuneConfig, build
from htmlgen.stages import tokenize as tokenize_stage

SYSTEM = "You write HTML."


def _page(body: str) -> str:
    return f"<!DOCTYPE html>\n<html><body>{body}</body></html>"


# Answers of clearly different lengths: batches get padded, and micro-batches differ in token count.
TRAIN_PAIRS = [
    ("A heading that says Hello", _page("<h1>Hello</h1>")),
    ("A blue button", _page('<button style="color: blue">Go</button>')),
    ("A list of three fruits", _page("<ul><li>Apple</li><li>Pear</li><li>Plum</li></ul>")),
    ("A contact form with name and email",
     _page('<form><label>Name <input name="name"></label><label>Email <input type="email" name="email">'
           '</label><button>Send</button></form>')),
]
VALIDATION_PAIRS = [("A heading that says Bye", _page("<h1>Bye</h1>"))]

# Small, fast and deterministic unless a test says otherwise.
FAST = {
    "lora": {"r": 8, "alpha": 16, "dropout": 0.0},  # all seven projections (the default)
    "per_device_train_batch_size": 4,
    "per_device_eval_batch_size": 4,
    "gradient_accumulation_steps": 1,
    "learning_rate": 1e-2,
    "lr_scheduler_type": "constant",
    "warmup_steps": 0,
    "logging_steps": 1,
    "eval_steps": 0,
    "save_steps": 1000,
    "num_threads": 2,
    "torch_compile": "eager",  # the default compiles (regions): one test checks that, the rest train eagerly
    "precision": "fp32",  # as the default; auto would train bf16 on a CPU with bf16 units (tested on its own)
}


def write_splits(folder: Path, splits: dict[str, list[tuple[str, str]]]) -> Path:
    folder.mkdir(parents=True)
    for split, pairs in splits.items():
        io.write_jsonl(folder / f"{split}.jsonl",
                       [{"id": f"{split}-{i}", "prompt": p, "html": h} for i, (p, h) in enumerate(pairs)])
    return folder


def run_tokenize(root: Path, base: Path, splits: dict[str, list[tuple[str, str]]]) -> Path:
    """The tokenize stage's main on hand-written pairs, with its own params.yaml."""
    root.mkdir(parents=True, exist_ok=True)
    params = root / "params.yaml"
    params.write_text(yaml.safe_dump({"prompt": {"system": SYSTEM},
                                      "tokenize": {"max_seq_len": 256, "min_answer_tokens": 4}}))
    split_dir = write_splits(root / "split", splits)
    out = root / "tokenized"
    rc = tokenize_stage.main(["--params", str(params), "--splits", str(split_dir), "--tokenizer", str(base),
                              "--out", str(out), "--metrics", str(root / "tokens.json"),
                              "--plot", str(root / "lengths.png"), "--plot-data", str(root / "lengths.csv")])
    assert rc == 0
    return out


def config(**overrides) -> FinetuneConfig:
    values = {**FAST, **overrides}
    return build(FinetuneConfig, values, "finetune")
