"""What the export stage leaves for serving, and how to load it back.

models/adapter/ holds the standard PEFT files (adapter_config.json, adapter_model.safetensors),
the tokenizer with its chat template, a model card (README.md) and ``htmlgen.json``: the base
model, the system prompt used in training and the evaluation figures, so the server formats
prompts exactly as training did (PITFALLS #5)."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from htmlgen import io
from htmlgen.config import QuantConfig, build

EXPORT_META = "htmlgen.json"
FORMAT_FILE = "format.json"  # beside data/tokenized: the prompt format used (system prompt, max_seq_len)


@dataclass
class ExportMeta:
    base_model: str  # model.name the base came from (GGUF package, Hub id, folder)
    base_path: str  # folder of the base checkpoint used in training, relative to the adapter folder
    system_prompt: str
    max_seq_len: int
    quant: dict[str, Any] = field(default_factory=dict)  # how the base was loaded in training
    metrics: dict[str, Any] = field(default_factory=dict)  # evaluate's figures, fine-tuned and base
    lora: dict[str, Any] = field(default_factory=dict)
    merged_path: str | None = None  # relative to the adapter folder, like base_path
    generate: dict[str, Any] = field(default_factory=dict)  # the `generate` params evaluate measured: serve's defaults

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def read(cls, folder: Path | str) -> ExportMeta:
        path = Path(folder) / EXPORT_META
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found: is {folder} an adapter written by the export stage?")
        data = io.read_json(path)
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def relative_to_adapter(path: Path | str, adapter_dir: Path | str) -> str:
    """``path`` as htmlgen.json records it: relative to the adapter folder, so the pair can be
    moved together and served from any working directory."""
    return os.path.relpath(Path(path).resolve(), Path(adapter_dir).resolve())


def resolve_from_adapter(path: str, adapter_dir: Path | str) -> Path:
    """A path from htmlgen.json: absolute as is, else against the adapter folder; an older export
    recorded it relative to the repo, which still works from the repo root."""
    recorded = Path(path)
    if recorded.is_absolute():
        return recorded
    beside = Path(adapter_dir) / recorded
    if beside.exists() or not recorded.exists():
        return beside
    return recorded  # legacy: relative to the working directory


def load_exported(adapter_dir: Path | str, base_dir: Path | str | None = None, merged: bool = False,
                  quant: QuantConfig | None = None):
    """(model, tokenizer, meta) for serving: base + adapter, or the merged weights.

    ``base_dir`` overrides the base folder recorded at export time (e.g. on another machine);
    ``quant`` defaults to how the base was loaded in training."""
    from htmlgen.modeling import load_adapted_model, load_base_model, load_tokenizer

    adapter_dir = Path(adapter_dir)
    meta = ExportMeta.read(adapter_dir)
    quant = quant or build(QuantConfig, meta.quant, "quant")
    tokenizer = load_tokenizer(adapter_dir)
    if merged:
        merged_path = resolve_from_adapter(meta.merged_path, adapter_dir) if meta.merged_path else None
        if merged_path is None or not merged_path.is_dir():
            raise FileNotFoundError(f"no merged weights for {adapter_dir} (run export with export.merge: true)")
        model = load_base_model(merged_path, quant)
        model.eval()
    else:
        base = Path(base_dir) if base_dir else resolve_from_adapter(meta.base_path, adapter_dir)
        if not (base / "config.json").is_file():
            raise FileNotFoundError(f"base model folder {base} not found (pass --base, or run dvc repro base_model)")
        model = load_adapted_model(base, adapter_dir, quant)
    return model, tokenizer, meta


def write_export(peft_model, tokenizer, meta: ExportMeta, out_dir: Path | str, model_card: str,
                 safe_serialization: bool = True) -> None:
    """Write the adapter folder atomically: an interrupted export never leaves half an adapter."""
    with io.atomic_path(out_dir) as tmp:
        peft_model.save_pretrained(str(tmp), safe_serialization=safe_serialization)
        tokenizer.save_pretrained(str(tmp))
        io.write_json(tmp / EXPORT_META, meta.to_dict())
        io.write_text(tmp / "README.md", model_card)
