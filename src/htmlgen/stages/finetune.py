"""finetune: LoRA / QLoRA on the Hugging Face Trainer.

Reads top to bottom: set up (config, data, model, adapter) -> train (resuming from the last
compatible checkpoint) -> save the adapter -> log. Losses go through dvclive into the repo,
so `dvc plots show` draws the curves and `dvc exp show` lists the final figures."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import shutil
import sysconfig
import time
import warnings
from pathlib import Path

import torch

from htmlgen import io, runner
from htmlgen.collate import MODEL_COLUMNS, StratifiedOrder, training_collator
from htmlgen.artifacts import DataFormat, TrainRecord
from htmlgen.config import ConfigError, FinetuneConfig, MissingExtraError, QuantConfig, load_section, to_dict
from htmlgen.gptq import is_gptq_checkpoint
from htmlgen.modeling import CPU_BF16_FLAGS, cpu_bf16_unit, device, load_base_model, load_tokenizer, resolve_base
from htmlgen.provenance import code_digest

log = logging.getLogger("htmlgen.finetune")

RUN_FILE = "htmlgen_run.json"  # fingerprint of what the checkpoints in a folder were trained on
# Besides params and data, a checkpoint is resumed only by the code that wrote it: this stage's
# modules and the libraries that do its numerics (a checkpoint of other code is another run).
TRAINING_LIBRARIES = ("torch", "transformers", "peft", "accelerate", "bitsandbytes", "gptqmodel")


# --------------------------------------------------------------------------- set-up helpers


def load_tokenized(folder: Path):
    """The train and validation examples (the model's columns only) and each training example's category."""
    from datasets import load_from_disk

    splits = {name: load_from_disk(str(folder / name)) for name in ("train", "validation")}
    if len(splits["train"]) == 0:
        raise FileNotFoundError(f"{folder / 'train'} holds no examples")
    train, validation = (splits[name].select_columns(list(MODEL_COLUMNS)) for name in ("train", "validation"))
    # data/tokenized written before the category column: one stratum, a plain shuffle
    categories = splits["train"]["category"] if "category" in splits["train"].column_names else [""] * len(train)
    return train, validation, categories


def run_fingerprint(config: FinetuneConfig, quant: QuantConfig, data_dir: Path, base_dir: Path) -> str:
    """What a checkpoint must match to be resumed: params, training data, base weights and code."""
    trained = {k: v for k, v in to_dict(config).items() if k != "report_to"}  # where figures go is no change
    trained["lora"] = {k: v for k, v in trained["lora"].items() if k != "saved_scale"}  # applied after training
    code = code_digest("htmlgen.stages.finetune", TRAINING_LIBRARIES)
    digest = hashlib.sha256(json.dumps([trained, to_dict(quant), code], sort_keys=True).encode())
    for folder in (data_dir / "train", base_dir):
        for path in sorted(folder.glob("*")):
            if path.is_file() and path.suffix in (".arrow", ".json", ".safetensors"):
                digest.update(path.name.encode())
                digest.update(str(path.stat().st_size).encode())
                if path.suffix != ".safetensors":  # weights are large: name + size is enough
                    digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def resumable(folder: Path, fingerprint: str, resume: bool) -> bool:
    """True if ``folder`` holds a finished checkpoint of this very run (reads only)."""
    from transformers.trainer_utils import get_last_checkpoint

    run_file = folder / RUN_FILE
    return bool(resume and run_file.is_file() and io.read_json(run_file).get("fingerprint") == fingerprint
                and get_last_checkpoint(str(folder)))


def prepare_checkpoints(folder: Path, fingerprint: str, resume: bool) -> bool:
    """True if ``folder`` holds a checkpoint of this very run to resume; otherwise empty it.
    Main process only: the others read the result with ``resumable`` once it is done."""
    from transformers.trainer_utils import get_last_checkpoint

    run_file = folder / RUN_FILE
    if resume and run_file.is_file() and folder.is_dir():
        previous = io.read_json(run_file).get("fingerprint")
        # A run killed while saving leaves a checkpoint without trainer_state.json (the Trainer
        # writes it last); resuming from it would crash, so drop it and use the one before.
        for partial in folder.glob("checkpoint-*"):
            if partial.is_dir() and not (partial / "trainer_state.json").is_file():
                log.warning("removing %s: cut off while saving", partial)
                shutil.rmtree(partial)
        last = get_last_checkpoint(str(folder))
        if previous == fingerprint and last:
            log.info("resuming from %s", last)
            return True
        if last:
            log.warning("checkpoints in %s were trained with other params, data, code or library versions: "
                        "starting over", folder)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    io.write_json(run_file, {"fingerprint": fingerprint})
    return False


def build_peft_model(model, config: FinetuneConfig, quantized: bool):
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    if quantized:
        # Casts norms to fp32 so LoRA can backprop through 4/8-bit layers. Activation checkpointing
        # is left to the Trainer (TrainingArguments.activation_checkpointing, non-reentrant, so no
        # input-grad hook is needed): peft's switch calls the deprecated gradient_checkpointing_enable.
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=False)
    lora = LoraConfig(
        r=config.lora.r,
        lora_alpha=config.lora.alpha,
        lora_dropout=config.lora.dropout,
        target_modules=config.lora.target_modules,
        bias=config.lora.bias,
        task_type=config.lora.task_type,
        layers_to_transform=config.lora.layers_to_transform,
    )
    check_layers(model, config.lora.layers_to_transform)
    with warnings.catch_warnings():
        # peft 0.21's PeftModel.__init__ reads transformers' deprecated `is_gradient_checkpointing`
        # alias: a FutureWarning in every log that no name of ours can avoid.
        warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)
        return get_peft_model(model, lora)


def check_layers(model, layers: list[int] | None) -> None:
    """finetune.lora.layers_to_transform must name layers the model has (peft would adapt nothing)."""
    if layers is None:
        return
    count = model.config.get_text_config(decoder=True).num_hidden_layers
    outside = sorted(i for i in layers if i >= count)
    if outside:
        raise ConfigError(f"finetune.lora.layers_to_transform: layers {outside} do not exist: the model has "
                          f"{count} decoder layers (0 to {count - 1})")


def trainer_report_to(report_to: list[str]) -> list[str]:
    """The Trainer's ``report_to``: every tracker but dvclive (logged by our own callback, by step),
    each checked installed now, not after the model has loaded."""
    from transformers.integrations import is_mlflow_available, is_tensorboard_available, is_wandb_available

    available = {"wandb": (is_wandb_available, "wandb"), "mlflow": (is_mlflow_available, "mlflow"),
                 "tensorboard": (is_tensorboard_available, "tensorboard")}
    for name in report_to:
        if name in available and not available[name][0]():
            raise MissingExtraError(f"finetune.report_to lists {name}, but its package is not installed: "
                                    f"pip install {available[name][1]} (or remove {name} from finetune.report_to)")
    return [name for name in report_to if name != "dvclive"] or ["none"]


def compile_mode(config: FinetuneConfig, quantized: bool = False) -> str:
    """finetune.torch_compile, if this machine can: inductor builds its CPU kernels with a C++ compiler,
    as Python extensions (so it needs Python's headers too). Quantized bases train eagerly: the win
    and the unchanged loss were measured on full-precision layers, not on bitsandbytes' or GPTQ's."""
    if config.torch_compile == "eager":
        return "eager"
    if quantized:
        log.info("finetune.torch_compile: %s is measured on full-precision bases only: a quantized base trains "
                 "eagerly", config.torch_compile)
        return "eager"
    cxx = os.environ.get("CXX", "g++")  # inductor's own choice on Linux: $CXX, else g++
    compiler = shutil.which(cxx)
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if compiler is None or not headers.exists():
        missing = (f"no C++ compiler ({cxx}: scripts/setup.sh installs g++)" if compiler is None
                   else f"no Python headers ({headers}: e.g. apt-get install python3-dev)")
        log.warning("finetune.torch_compile: %s, which inductor needs: training without compile", missing)
        return "eager"
    return config.torch_compile


def resolve_precision(requested: str, quantized: bool, on_gpu: bool | None = None,
                      cpu_flags: set[str] | None = None) -> str:
    """finetune.precision, with ``auto`` decided for this machine: bf16 autocast where the device multiplies
    bf16 in hardware (a GPU that supports it; a CPU with AVX512-BF16 or AMX: 1.90x fp32's training tokens/s
    on an AMD EPYC Zen 5, the same loss within 0.003 at every step), fp16 on an older GPU, else fp32. A
    quantized base on a CPU stays fp32 (bitsandbytes and GPTQ compute in their own dtype there)."""
    on_gpu = device().type == "cuda" if on_gpu is None else on_gpu
    bf16_unit = None if on_gpu else cpu_bf16_unit(cpu_flags)
    if requested == "auto":
        if on_gpu:
            chosen, why = ("bf16", "the GPU supports bf16") if torch.cuda.is_bf16_supported() else \
                ("fp16", "the GPU has no bf16")
        elif quantized:
            chosen, why = "fp32", "a quantized base on a CPU"
        elif bf16_unit:
            chosen, why = "bf16", f"this CPU multiplies bf16 in hardware ({bf16_unit})"
        else:
            chosen, why = "fp32", f"this CPU has no bf16 unit (none of {', '.join(CPU_BF16_FLAGS)})"
        log.info("finetune.precision: auto -> %s (%s)", chosen, why)
        return chosen
    if requested == "bf16" and not on_gpu and not bf16_unit:
        log.warning("finetune.precision: bf16 on a CPU without bf16 units (none of %s) is ~100x slower than "
                    "fp32: use auto or fp32", ", ".join(CPU_BF16_FLAGS))
    return requested


# accelerate's TorchDynamoPlugin reads these when the Trainer builds its Accelerator; the Trainer has no
# argument for regional or dynamic compiling, and without torch_compile it leaves the backend to the
# environment. They replace what `accelerate launch --dynamo_*` exported: finetune.torch_compile decides.
DYNAMO_ENV = ("ACCELERATE_DYNAMO_BACKEND", "ACCELERATE_DYNAMO_USE_REGIONAL_COMPILATION", "ACCELERATE_DYNAMO_USE_DYNAMIC")


def set_compile_env(mode: str, environ=os.environ) -> None:
    """model: the Trainer's torch_compile compiles the whole prepared model (the backend is its own
    argument), with dynamic shapes (every micro-batch has its own length). eager and regions:
    accelerate compiles nothing (regions compiles the decoder layers itself, compile_decoder_layers),
    even under `accelerate launch --dynamo_backend inductor`."""
    for name in DYNAMO_ENV:
        environ.pop(name, None)
    if mode == "model":
        environ["ACCELERATE_DYNAMO_USE_REGIONAL_COMPILATION"] = "False"
        environ["ACCELERATE_DYNAMO_USE_DYNAMIC"] = "True"
    else:
        environ["ACCELERATE_DYNAMO_BACKEND"] = "NO"


def compile_decoder_layers(model) -> int:
    """finetune.torch_compile: regions. Each decoder layer compiled in place (``nn.Module.compile``: the
    module, its checkpoint and adapter keys stay as they are), with dynamic shapes. The layers share
    one forward, so dynamo compiles it once for all of them (~20 s cold on a 2-core CPU). The
    embedding, final norm and output layer stay eager: accelerate's compile_regions, used before,
    compiled each of them too, ~8 s more of compiling for no faster step (README "Training speed").
    Returns how many layers were compiled (0, with a warning: the model names no decoder layer class).

    Two things would make dynamo compile that forward more than once (a cold first step of 55 s
    instead of 39 on a 2-core CPU, README "Training speed"):
    - the frozen embedding gives layer 0 an input that needs no gradient, the other layers one that
      does, and dynamo guards on it: two graphs. Where layer 0 is adapted, its input is made to need
      a gradient too, which adds only the gradient through its q/k/v projections.
    - a Python float argument is first traced as a symbol, then traced again as a constant when
      inductor cannot keep it symbolic; specialising floats from the start skips that first trace."""
    block_classes = set(getattr(model.get_base_model(), "_no_split_modules", None) or ())
    layers = [module for module in model.modules() if type(module).__name__ in block_classes]
    if not layers:
        log.warning("finetune.torch_compile: regions: %s names no decoder layer class (_no_split_modules): "
                    "training eagerly", type(model.get_base_model()).__name__)
        return 0
    if any(p.requires_grad for p in layers[0].parameters()):
        model.enable_input_require_grads()
    torch._dynamo.config.specialize_float = True
    for layer in layers:
        layer.compile(dynamic=True)
    return len(layers)


def validating_eagerly(evaluate, model):
    """``evaluate`` (the Trainer's) with every compiled layer of ``model`` running its eager forward
    for the duration. Validation runs without gradients and in eval mode, both of which dynamo's
    guards see: it compiled the layers a second time for the first validation (~6 s on a 2-core CPU:
    19 s for the 8 validation pages at step 10 against 13 s at step 20) to run them no faster than
    eagerly (13.1 s)."""
    @functools.wraps(evaluate)
    def run(*args, **kwargs):
        layers = [m for m in model.modules() if m._compiled_call_impl is not None]
        compiled = [layer._compiled_call_impl for layer in layers]
        for layer in layers:
            layer._compiled_call_impl = None
        try:
            return evaluate(*args, **kwargs)
        finally:
            for layer, impl in zip(layers, compiled, strict=True):
                layer._compiled_call_impl = impl

    return run


# What torchrun (accelerate launch's launcher) exports to every process it starts.
PROCESS_GROUP_ENV = ("RANK", "LOCAL_RANK", "GROUP_RANK", "ROLE_RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE",
                     "GROUP_WORLD_SIZE", "ROLE_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")


def leave_one_process_group(environ=os.environ) -> bool:
    """`accelerate launch --num_processes 1` still starts the process through torchrun, and WORLD_SIZE=1
    makes the Trainer wrap the model in DDP over a group of one: gradient buckets and a gloo all-reduce
    per step for nothing (1.18x slower training on a 2-core CPU, benchmarks/train_throughput.py under
    accelerate launch). One process trains as a plain run; True if the group was dropped."""
    if environ.get("WORLD_SIZE") != "1":
        return False
    for name in PROCESS_GROUP_ENV:
        environ.pop(name, None)
    return True


def training_arguments(config: FinetuneConfig, output_dir: Path, has_validation: bool, compiling: str = "eager"):
    """The Trainer's arguments; ``compiling`` is compile_mode's answer (only `model` goes through the Trainer)."""
    from transformers import TrainingArguments

    on_gpu = device().type == "cuda"
    set_compile_env(compiling)
    if compiling != "eager":  # transformers' own notice says compile pays only on a GPU: measured otherwise here
        log.info("finetune.torch_compile: %s: the first step compiles (%s cold on a 2-core CPU, less from "
                 "inductor's cache), so its tokens/s and eta run low", compiling,
                 "~20 s" if compiling == "regions" else "~13 min")
    eval_every = config.eval_steps if has_validation and config.eval_steps > 0 else None
    return TrainingArguments(
        output_dir=str(output_dir),
        seed=config.seed,
        data_seed=config.seed,
        per_device_train_batch_size=config.per_device_train_batch_size,
        per_device_eval_batch_size=config.per_device_eval_batch_size,
        gradient_accumulation_steps=config.gradient_accumulation_steps,
        num_train_epochs=config.num_train_epochs,
        max_steps=config.max_steps,
        learning_rate=config.learning_rate,
        lr_scheduler_type=config.lr_scheduler_type,
        warmup_steps=config.warmup_steps,
        weight_decay=config.weight_decay,
        max_grad_norm=config.max_grad_norm,
        optim=config.optim,
        fp16=config.precision == "fp16",
        bf16=config.precision == "bf16",
        use_cpu=not on_gpu,
        activation_checkpointing=config.gradient_checkpointing,
        activation_checkpointing_kwargs={"use_reentrant": False} if config.gradient_checkpointing else None,
        torch_compile=compiling == "model",
        tf32=False,  # with torch_compile transformers would turn TF32 matmuls on (GPU): compiling keeps fp32 fp32
        # No KV cache in training (the Trainer sets model.config.use_cache from this): nothing reads it,
        # and with a cache transformers would not build the per-example attention of packed rows.
        use_cache=False,
        # Every LoRA weight is used in every forward: without this the Trainer tells DDP to look for
        # unused ones (a PeftModel is no PreTrainedModel), an autograd-graph walk each backward.
        ddp_find_unused_parameters=False,
        logging_steps=config.logging_steps,
        eval_strategy="steps" if eval_every else "no",
        eval_steps=eval_every,
        save_strategy="steps",
        save_steps=config.save_steps,
        save_total_limit=config.save_total_limit,
        include_num_input_tokens_seen="non_padding",
        # dvclive: our own callback (below) logs by global step and survives resume; other trackers
        # (wandb, mlflow, tensorboard) are transformers' integrations.
        report_to=trainer_report_to(config.report_to),
        disable_tqdm=True,  # the step log below prints loss and tokens/s instead
        dataloader_num_workers=0,
        remove_unused_columns=False,
    )


def last_step_checkpoint(folder: Path) -> Path | None:
    """The folder's last checkpoint if it is its run's last step (a finished run), else None."""
    from transformers.trainer_utils import get_last_checkpoint

    last = get_last_checkpoint(str(folder)) if folder.is_dir() else None
    if last is None:
        return None
    state = io.read_json(Path(last) / "trainer_state.json")
    return Path(last) if 0 < state.get("max_steps", 0) <= state["global_step"] else None


def restore_finished_run(trainer, checkpoint: Path) -> None:
    """Take a finished run's adapter and Trainer state from its last checkpoint instead of training.

    Resumed from the last step of a run that ends inside an epoch (max_steps, as the default run
    does), transformers' Trainer (5.23) trains one step more, and again at each re-run: its loop
    checks the step count only after a step. A finished run is re-run when the adapter must be saved
    again (finetune.lora.saved_scale changed, models/lora deleted)."""
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file
    from transformers import TrainerState

    weights = checkpoint / "adapter_model.safetensors"
    loaded = set_peft_model_state_dict(trainer.model, load_file(str(weights)))
    missing = [key for key in loaded.missing_keys if "lora_" in key]
    if loaded.unexpected_keys or missing:
        raise RuntimeError(f"{weights} does not fit this adapter: unexpected {loaded.unexpected_keys[:3]}, "
                           f"missing {missing[:3]}")
    state = TrainerState.load_from_json(str(checkpoint / "trainer_state.json"))
    # As train() does on resume: this process's rank (the file holds the main process's), the totals.
    state.init_training_references(trainer, state.max_steps, state.num_train_epochs, None)
    trainer.state = state
    # The callbacks see a run that begins and ends at its last step: the step log and dvclive's
    # curves as on resume, and the trackers' and progress bar's end.
    trainer.control = trainer.callback_handler.on_train_begin(trainer.args, trainer.state, trainer.control)
    trainer.control = trainer.callback_handler.on_train_end(trainer.args, trainer.state, trainer.control)


def restorable(trainer, checkpoint: Path | None) -> bool:
    """Whether ``restore_finished_run`` can load ``checkpoint``: one adapter file, as a single process
    or DDP saves it. FSDP's sharded checkpoints and DeepSpeed's engine states need the Trainer's own
    resume (which trains one step more)."""
    if checkpoint is None:
        return False
    one_file = (checkpoint / "adapter_model.safetensors").is_file()
    if trainer.is_fsdp_enabled or trainer.is_deepspeed_enabled or not one_file:
        log.warning("%s is the run's last step, but only the Trainer's resume restores this checkpoint (FSDP, "
                    "DeepSpeed), and transformers' Trainer trains one step more when it does", checkpoint)
        return False
    return True


# --------------------------------------------------------------------------- callbacks


def whole_run_train_loss(log_history: list[dict], resumed_at: int, this_call_loss: float | None,
                         global_step: int) -> float | None:
    """Mean train loss over every step of the run. The Trainer's ``training_loss`` covers only the
    steps of this ``train()`` call: on a resumed run, add those logged before the checkpoint (each log
    entry is the mean over the steps since the previous one). Steps after the checkpoint's last log
    and before the checkpoint itself were not logged and cannot count (none when save_steps is a
    multiple of logging_steps). ``this_call_loss`` None: this call trained nothing (a finished run
    restored); None if no step counts at all."""
    if not resumed_at:
        return this_call_loss
    total, covered, previous = 0.0, 0, 0
    for entry in log_history:
        if "loss" in entry and entry["step"] <= resumed_at:
            total += entry["loss"] * (entry["step"] - previous)
            covered += entry["step"] - previous
            previous = entry["step"]
    steps_now = global_step - resumed_at if this_call_loss is not None else 0
    if not covered + steps_now:
        return None
    return (total + (this_call_loss or 0.0) * steps_now) / (covered + steps_now)


def make_callbacks(live_dir: Path | None, is_main: bool = True):
    """The step log and dvclive, on the main process only (the others would write the same files);
    no dvclive when ``live_dir`` is None (benchmarks/gpu_check.py: nothing to track, and the GPU
    machines lack dvclive)."""
    from transformers import TrainerCallback

    if not is_main:
        return []

    class StepLog(TrainerCallback):
        """One line per logging step: step/total, loss, learning rate, tokens/s, ETA."""

        def __init__(self):
            self.started = time.perf_counter()
            self.tokens_at_start = None
            self.step_at_start = 0  # the step train() began at: 0, or the checkpoint's it resumed from

        def on_train_begin(self, args, state, control, **kwargs):
            self.started = time.perf_counter()
            self.tokens_at_start = state.num_input_tokens_seen
            self.step_at_start = state.global_step

        def on_log(self, args, state, control, logs=None, **kwargs):
            logs = logs or {}
            elapsed = time.perf_counter() - self.started
            tokens = state.num_input_tokens_seen - (self.tokens_at_start or 0)
            steps_done = state.global_step - self.step_at_start
            eta = elapsed / steps_done * (state.max_steps - state.global_step) if steps_done else 0
            parts = [f"step {state.global_step}/{state.max_steps}"]
            parts += [f"{k} {v:.4g}" for k, v in logs.items() if k in ("loss", "eval_loss", "learning_rate")]
            parts += [f"{tokens / elapsed:.0f} tokens/s", f"eta {eta:.0f}s"]
            log.info("  ".join(parts))

    class DVCLiveByStep(TrainerCallback):
        """Logs train/eval loss against the Trainer's global step (transformers' own
        DVCLiveCallback counts log calls instead, which mixes train and eval points).

        The curves always start afresh and, on a resumed run, are first rebuilt from the
        checkpoint's log history: `dvc repro` deletes metrics/finetune before it re-runs the
        stage, so what was logged before the kill survives only in the checkpoint."""

        def __init__(self):
            from dvclive import Live

            self.live = Live(dir=str(live_dir), resume=False, dvcyaml=None, save_dvc_exp=False)

        def on_train_begin(self, args, state, control, **kwargs):
            for entry in state.log_history:
                if entry["step"] <= state.global_step:
                    self.log(entry["step"], entry)

        def on_log(self, args, state, control, logs=None, **kwargs):
            self.log(state.global_step, logs or {})

        def log(self, step: int, logs: dict) -> None:
            self.live.step = step
            for key, value in logs.items():
                if key == "eval_loss":
                    self.live.log_metric("eval/loss", value)
                elif key in ("loss", "learning_rate", "grad_norm"):
                    self.live.log_metric(f"train/{key}", value)
            self.live.make_summary()

    return [StepLog()] if live_dir is None else [StepLog(), DVCLiveByStep()]


# --------------------------------------------------------------------------- stage


def scale_saved_adapter(model, scale: float) -> None:
    """Scale the update the saved adapter makes by ``scale``: its config's ``lora_alpha`` and any
    ``alpha_pattern``, which peft, vLLM and merging read. The weights stay as trained, so the scale
    is visible in adapter_config.json and can be undone."""
    for peft_config in model.peft_config.values():
        peft_config.lora_alpha = alpha_value(peft_config.lora_alpha * scale)
        peft_config.alpha_pattern = {k: alpha_value(v * scale) for k, v in (peft_config.alpha_pattern or {}).items()}


def round_or_none(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def alpha_value(alpha: float) -> int | float:
    """An integral alpha stays an int, as peft's config declares it; any other is saved as a float."""
    return int(alpha) if float(alpha).is_integer() else float(alpha)


def trainer_class(data_order: str, categories: list[str], seed: int):
    """transformers' Trainer, or one that draws the training examples in a stratified order."""
    from transformers import Trainer

    if data_order == "shuffle":
        return Trainer

    class StratifiedTrainer(Trainer):
        def _get_train_sampler(self, train_dataset=None):
            return StratifiedOrder(categories, seed)

    return StratifiedTrainer


def finetune(config: FinetuneConfig, quant: QuantConfig, data_dir: Path, base_dir: Path, checkpoints: Path,
             adapter_out: Path, live_dir: Path | None) -> dict:
    """Train a LoRA adapter; returns the figures logged to the dvclive summary (``live_dir``; None:
    no dvclive)."""
    from transformers import PrinterCallback, set_seed

    # One process, or one of several under `accelerate launch` (finetune.launch): all of them
    # train; only the main one writes the checkpoints' bookkeeping, dvclive files and the adapter.
    train, validation, categories = load_tokenized(data_dir)
    quantized = quant.load_in != "none" or is_gptq_checkpoint(base_dir)
    # What this machine trains in (auto decided): in the checkpoints' fingerprint and the adapter's record.
    config = dataclasses.replace(config, precision=resolve_precision(config.precision, quantized))
    compiling = compile_mode(config, quantized)
    args = training_arguments(config, checkpoints, has_validation=len(validation) > 0, compiling=compiling)
    is_main = args.process_index == 0
    # accelerate launch sets OMP_NUM_THREADS=1 per process: give each its share of the cores.
    torch.set_num_threads(config.num_threads or max(1, (os.cpu_count() or 1) // args.world_size))
    set_seed(config.seed)
    tokenizer = load_tokenizer(base_dir)
    fingerprint = run_fingerprint(config, quant, data_dir, base_dir)
    with args.main_process_first(local=False, desc="checkpoints"):
        resuming = (prepare_checkpoints(checkpoints, fingerprint, config.resume) if is_main
                    else resumable(checkpoints, fingerprint, config.resume))

    model = load_base_model(base_dir, quant)  # in the dtype models/base was saved in (model.dtype)
    base_dtype = model.dtype
    model = build_peft_model(model, config, quantized=quantized)
    if compiling == "regions":
        compile_decoder_layers(model)
    trainable, total = model.get_nb_trainable_parameters()
    if is_main:
        log.info("LoRA r=%d on %s: %.2fM trainable of %.1fM parameters (%.2f%%); quant=%s; %d train / %d validation;"
                 " %d process(es), effective batch %d; data order %s (%d categories)", config.lora.r,
                 config.lora.target_modules, trainable / 1e6, total / 1e6, 100 * trainable / total, quant.load_in,
                 len(train), len(validation), args.world_size,
                 args.world_size * config.per_device_train_batch_size * config.gradient_accumulation_steps,
                 config.data_order, len(set(categories) - {""}))

    callbacks = make_callbacks(live_dir, is_main)
    trainer = trainer_class(config.data_order, categories, config.seed)(
        model=model,
        args=args,
        train_dataset=train,
        eval_dataset=validation if len(validation) else None,
        # Padded to the longest example, or packed into one row (finetune.packing); logits only where
        # the next token is trained on (finetune.head_on_answers_only). See htmlgen.collate.
        data_collator=training_collator(tokenizer, config.packing, config.head_on_answers_only),
        processing_class=tokenizer,
        callbacks=callbacks,
    )
    trainer.remove_callback(PrinterCallback)  # StepLog prints the same, readably
    if compiling == "regions":
        trainer.evaluate = validating_eagerly(trainer.evaluate, model)
    started = time.perf_counter()
    finished = last_step_checkpoint(checkpoints) if resuming else None
    if restorable(trainer, finished):
        log.info("%s is the run's last step: nothing to train, its adapter is saved as it is", finished)
        restore_finished_run(trainer, finished)
        this_call_loss = None
    else:
        this_call_loss = trainer.train(resume_from_checkpoint=True if resuming else None).training_loss
    seconds = time.perf_counter() - started
    # 0, or the step of the checkpoint it resumed from; the other processes write no summary
    resumed_at = callbacks[0].step_at_start if is_main else 0
    summary = {
        "train_loss": round_or_none(whole_run_train_loss(trainer.state.log_history, resumed_at, this_call_loss,
                                                         trainer.state.global_step)),
        "steps": trainer.state.global_step,
        "train_tokens": int(trainer.state.num_input_tokens_seen),
        "train_seconds": round(seconds, 2),
        "resumed": resuming,
        "precision": config.precision,
    }
    if len(validation):
        evals = [e for e in trainer.state.log_history if "eval_loss" in e]
        if evals and evals[-1]["step"] == trainer.state.global_step:  # the Trainer just did it
            summary["eval_loss"] = round(evals[-1]["eval_loss"], 4)
        else:
            summary["eval_loss"] = round(trainer.evaluate()["eval_loss"], 4)

    if config.lora.saved_scale != 1.0:
        # The figures above are the adapter as trained; evaluate measures it as saved.
        scale_saved_adapter(trainer.model, config.lora.saved_scale)
        log.info("finetune.lora.saved_scale %s: the saved adapter's update is %s x the trained one (lora_alpha %s)",
                 config.lora.saved_scale, config.lora.saved_scale, trainer.model.peft_config["default"].lora_alpha)

    # Collective under FSDP / DeepSpeed ZeRO-3 (each process holds a shard of the adapter): every
    # process takes part, the main one gets the whole state and writes it.
    weights = trainer.accelerator.get_state_dict(trainer.model)
    if is_main:
        with io.atomic_path(adapter_out) as tmp:
            trainer.model.save_pretrained(str(tmp), state_dict=weights)
            tokenizer.save_pretrained(str(tmp))
            TrainRecord(format=DataFormat.read(data_dir).to_dict(), quant=to_dict(quant), base=str(base_dir),
                        finetune=to_dict(config), summary=summary, base_dtype=str(base_dtype)).write(tmp)
        if live_dir is not None:
            live = callbacks[1].live
            for key, value in summary.items():
                live.summary[key] = value
            live.make_summary()
            live.end()
    trainer.accelerator.wait_for_everyone()  # no process exits (ending the group) before the adapter is written
    return summary


def main(argv=None) -> int:
    def build_parser():
        p = runner.parser(__doc__)
        p.add_argument("--data", type=Path, required=True, help="folder written by tokenize")
        p.add_argument("--base", type=Path, required=True, help="base model folder")
        p.add_argument("--quantized", type=Path, help="quantize stage output: its GPTQ checkpoint replaces --base")
        p.add_argument("--checkpoints", type=Path, required=True, help="Trainer checkpoints (kept for resume)")
        p.add_argument("--out", type=Path, required=True, help="folder for the trained adapter")
        p.add_argument("--live", type=Path, required=True, help="dvclive folder (metrics + loss curves)")
        return p

    def stage(args):
        if leave_one_process_group():  # before accelerate reads the environment
            log.info("one process: training without a process group (no DDP wrapper)")
        config = load_section(FinetuneConfig, "finetune", args.params)
        quant = load_section(QuantConfig, "quant", args.params)
        base = resolve_base(args.base, args.quantized)
        summary = finetune(config, quant, args.data, base, args.checkpoints, args.out, args.live)
        log.info("done: %s", summary)

    return runner.run(stage, build_parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
