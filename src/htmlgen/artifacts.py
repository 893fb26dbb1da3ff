"""The artefact contracts: the file names and sidecar schemas of what the stages leave in data/*
and models/*, in one module, so that a stage reads another stage's output through this contract
and never imports the other stage (which would also make DVC re-run it on the other's changes).

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
from htmlgen.records import DataError

# data/split/: one jsonl per split (split -> tokenize, evaluate).
SPLITS = ("train", "validation", "test")
# data/tokenized/format.json: the prompt format used (tokenize -> finetune, evaluate), schema DataFormat.
FORMAT_FILE = "format.json"
# models/base/htmlgen_base.json: facts about the base (base_model -> export's model card, serve's /api/info).
BASE_FACTS_FILE = "htmlgen_base.json"
# models/quantized/htmlgen_quantize.json: {"method": "none" | "gptq", ...} (quantize -> finetune, evaluate, export).
QUANTIZE_FILE = "htmlgen_quantize.json"
# models/lora/htmlgen_train.json: how the adapter was trained (finetune -> export), schema TrainRecord.
TRAIN_RECORD_FILE = "htmlgen_train.json"
# models/adapter/htmlgen.json: what serving needs (export -> serve), schema ExportMeta.
EXPORT_META = "htmlgen.json"


def _read_sidecar(cls, path: Path, written_by: str):
    """``cls`` from the json at ``path``; a missing file or key names the file and the stage to run."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: run the {written_by} stage (dvc repro {written_by})")
    data = io.read_json(path)
    if not isinstance(data, dict):
        raise DataError(str(path), f"expected a json object, got {type(data).__name__}")
    fields = dataclasses.fields(cls)
    required = {f.name for f in fields
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    missing = sorted(required - set(data))
    if missing:
        raise DataError(str(path), f"missing key(s) {', '.join(missing)}: written by an older {written_by}? "
                                   f"re-run it (dvc repro -f {written_by})")
    known = {f.name for f in fields}
    return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class DataFormat:
    """data/tokenized/format.json: the prompt format the training data was built with."""

    system_prompt: str
    max_seq_len: int
    long_examples: str = "drop"
    chunk_context_tokens: int | None = None  # with long_examples: chunk (continued pages are prompted alike)

    def to_dict(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        if values["chunk_context_tokens"] is None:  # not chunked: the file stays as it was
            del values["chunk_context_tokens"]
        return values

    def write(self, folder: Path | str) -> None:
        io.write_json(Path(folder) / FORMAT_FILE, self.to_dict())

    @classmethod
    def read(cls, folder: Path | str) -> DataFormat:
        return _read_sidecar(cls, Path(folder) / FORMAT_FILE, "tokenize")


@dataclass(frozen=True)
class TrainRecord:
    """models/lora/htmlgen_train.json: how the adapter beside it was trained."""

    format: dict[str, Any]  # DataFormat of the training data
    quant: dict[str, Any]  # how the base was loaded (QuantConfig)
    base: str  # the base folder trained on (models/base, or models/quantized for GPTQ)
    finetune: dict[str, Any]  # the FinetuneConfig
    summary: dict[str, Any]  # train_loss, steps, eval_loss, ...
    base_dtype: str | None = None  # dtype the base weights were trained in (torch.bfloat16, ...)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def write(self, folder: Path | str) -> None:
        io.write_json(Path(folder) / TRAIN_RECORD_FILE, self.to_dict())

    @classmethod
    def read(cls, folder: Path | str) -> TrainRecord:
        return _read_sidecar(cls, Path(folder) / TRAIN_RECORD_FILE, "finetune")


def read_base_facts(folder: Path | str) -> dict[str, Any]:
    """models/base/htmlgen_base.json (materialise_base's facts; ``source`` is always there)."""
    path = Path(folder) / BASE_FACTS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: run the base_model stage (dvc repro base_model)")
    facts = io.read_json(path)
    if "source" not in facts:
        raise DataError(str(path), "missing key source: re-run the base_model stage (dvc repro -f base_model)")
    return facts


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
    # The training data's long-page format (DataFormat): serve continues a page that hits its token
    # limit the way tokenize chunked pages. An older htmlgen.json has neither key: drop, no chunk context.
    long_examples: str = "drop"
    chunk_context_tokens: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @property
    def context_tokens(self) -> int:
        """Context tokens of a continued page's prompts: the training chunks' budget, else tokenize's
        default (a model trained on whole pages is continued in the same format evaluate uses)."""
        from htmlgen.config import TokenizeConfig

        return TokenizeConfig().chunk_context_tokens if self.chunk_context_tokens is None else self.chunk_context_tokens

    @classmethod
    def read(cls, folder: Path | str) -> ExportMeta:
        path = Path(folder) / EXPORT_META
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found: is {folder} an adapter written by the export stage?")
        return _read_sidecar(cls, path, "export")


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


def write_export(peft_model, tokenizer, meta: ExportMeta, out_dir: Path | str, model_card: str,
                 safe_serialization: bool = True) -> None:
    """Write the adapter folder atomically: an interrupted export never leaves half an adapter."""
    with io.atomic_path(out_dir) as tmp:
        peft_model.save_pretrained(str(tmp), safe_serialization=safe_serialization)
        tokenizer.save_pretrained(str(tmp))
        io.write_json(tmp / EXPORT_META, meta.to_dict())
        io.write_text(tmp / "README.md", model_card)
