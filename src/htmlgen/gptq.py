"""GPTQ through gptqmodel: quantize a base checkpoint, recognise a GPTQ checkpoint, and the
``from_pretrained`` arguments that load one trainably.

gptqmodel is an optional extra (requirements-gptq.txt, see README "Quantization"): it is only
imported inside the functions that need it, the way peft keeps ``tuners/lora/gptq.py``, so the
rest of htmlgen works without it. Recognising a GPTQ folder needs nothing beyond json.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import tempfile
import time
from pathlib import Path

from htmlgen.config import ConfigError, GptqConfig, MissingExtraError

log = logging.getLogger(__name__)

INSTALL_HINT = ("pip install -r requirements-gptq.txt && pip install --no-deps gptqmodel==7.7.0 "
                "(or bash scripts/setup.sh --gptq)")

# The CPU kernels gptqmodel can train LoRA through (checked in gptqmodel 7.7.0):
# gptq_torch_aten (torch's int4pack ops: 4-bit, these group sizes, no compile step) and
# gptq_torch (plain torch, any bits, slower). 7.7's default "auto" picks an inference-only AVX512
# kernel on CPU (.train() raises) and "auto_trainable" JIT-compiles it first (minutes, needs gcc).
ATEN_GROUP_SIZES = (32, 64, 128, 256)


def available() -> bool:
    return importlib.util.find_spec("gptqmodel") is not None


def require() -> None:
    if not available():
        raise MissingExtraError(f"GPTQ needs the optional gptqmodel extra, which is not installed: {INSTALL_HINT}")


def quantization_config(config: dict) -> dict | None:
    """The ``quantization_config`` of a config.json dict if it is GPTQ, else None."""
    quant = config.get("quantization_config") or {}
    return quant if str(quant.get("quant_method", "")).lower() == "gptq" else None


def is_gptq_checkpoint(folder: str | Path) -> bool:
    """True for a local folder whose config.json declares quant_method gptq."""
    path = Path(folder) / "config.json"
    if not path.is_file():
        return False
    return quantization_config(json.loads(path.read_text(encoding="utf-8"))) is not None


def cpu_backend(bits: int, group_size: int) -> str:
    return "gptq_torch_aten" if bits == 4 and group_size in ATEN_GROUP_SIZES else "gptq_torch"


def load_kwargs(folder: str | Path, on_gpu: bool, gpu_index: int = 0) -> dict:
    """``from_pretrained`` kwargs that load the GPTQ checkpoint in ``folder`` with a trainable kernel,
    on GPU ``gpu_index`` (this process's own under DDP: GPU 0 for all would put every copy on one card)."""
    require()
    from transformers import GPTQConfig

    quant = quantization_config(json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))) or {}
    bits, group_size = int(quant.get("bits", 4)), int(quant.get("group_size", 128))
    backend = "auto_trainable" if on_gpu else cpu_backend(bits, group_size)
    return {"quantization_config": GPTQConfig(bits=bits, backend=backend),
            "device_map": {"": gpu_index if on_gpu else "cpu"}}


def check_fits(config: GptqConfig, model_config: dict) -> None:
    """Fail before any work if group_size does not divide the layers' input widths."""
    if config.group_size == -1:
        return
    for name in ("hidden_size", "intermediate_size"):
        width = model_config.get(name)
        if width and width % config.group_size:
            raise ConfigError(f"quantize.group_size: {config.group_size} does not divide the model's {name} "
                              f"({width}); pick a divisor such as 32 or 64, or -1 (one group per column)")


def sample_rows(rows: list, count: int, seed: int) -> list:
    """``count`` rows drawn without replacement (all of them if there are fewer)."""
    import random

    if not rows:
        raise ConfigError("quantize: no calibration rows (the training split is empty)")
    if count >= len(rows):
        return list(rows)
    return random.Random(seed).sample(rows, count)


@contextlib.contextmanager
def _scratch_cwd():
    """gptqmodel writes ./logs/gptq_log_*.log into the current directory (not configurable in
    7.7): run it from a throwaway one so nothing lands in the repo."""
    previous = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="htmlgen-gptq-") as scratch:
        os.chdir(scratch)
        try:
            yield
        finally:
            os.chdir(previous)


def quantize(base_dir: str | Path, out_dir: str | Path, calibration_ids: list[list[int]], config: GptqConfig,
             batch_size: int = 4) -> dict:
    """GPTQ-quantize the checkpoint in ``base_dir`` into ``out_dir`` (weights, config, quantize_config);
    returns facts for htmlgen_quantize.json. ``calibration_ids``: token id lists, one per sample."""
    config.validate()
    if config.method != "gptq":
        raise ConfigError(f"quantize.method is {config.method!r}, not 'gptq'")
    if not calibration_ids or not any(calibration_ids):
        raise ConfigError("quantize: no calibration rows")
    base_dir, out_dir = Path(base_dir).resolve(), Path(out_dir).resolve()
    check_fits(config, json.loads((base_dir / "config.json").read_text(encoding="utf-8")))
    require()
    # gptqmodel sizes its CPU pool at (cores + 1) // 2 workers but its model loader always asks for 2,
    # so on a <= 2-core machine quantize() dies with "Virtual pool 'model_loader:cpu' requests 2
    # workers but parent 'cpu' only has 1". The pool is built at the first quantize(): set it before.
    os.environ.setdefault("GPTQMODEL_CPU_WORKERS", str(max(2, ((os.cpu_count() or 1) + 1) // 2)))
    import torch
    from gptqmodel import GPTQModel, QuantizeConfig

    on_gpu = torch.cuda.is_available()
    qconfig = QuantizeConfig(bits=config.bits, group_size=config.group_size, desc_act=config.desc_act,
                             sym=config.sym, damp_percent=config.damp_percent,
                             # "original": pure-torch packing. The default packer JIT-compiles a C++
                             # extension first (needs gcc + ninja, ~40-60 s on 2 cores).
                             pack_impl="original")
    samples = [{"input_ids": ids, "attention_mask": [1] * len(ids)} for ids in calibration_ids if ids]
    started = time.perf_counter()
    with _scratch_cwd():
        model = GPTQModel.load(str(base_dir), qconfig, device="cuda:0" if on_gpu else "cpu",
                               dtype=torch.float16 if on_gpu else torch.float32)
        model.quantize(samples, batch_size=batch_size)
        model.save(str(out_dir))
    seconds = time.perf_counter() - started
    del model
    log.info("GPTQ %d-bit, group %d: %d calibration samples, %.0f s", config.bits, config.group_size,
             len(samples), seconds)
    return {"method": "gptq", "bits": config.bits, "group_size": config.group_size, "desc_act": config.desc_act,
            "sym": config.sym, "damp_percent": config.damp_percent, "calibration_samples": len(samples),
            "calibration_tokens": sum(map(len, calibration_ids)), "calibration_max_len": config.calibration_max_len,
            "seed": config.seed, "seconds": round(seconds, 1), "device": "cuda" if on_gpu else "cpu"}


def logical_parameters(folder: str | Path) -> int:
    """Parameter count of a GPTQ checkpoint as the unquantised model has them (qweight unpacked;
    scales, zeros and g_idx not counted), read from the safetensors headers."""
    from safetensors import safe_open

    bits = int((quantization_config(json.loads((Path(folder) / "config.json").read_text())) or {}).get("bits", 4))
    total = 0
    for path in Path(folder).glob("*.safetensors"):
        with safe_open(str(path), "pt") as handle:
            for name in handle.keys():
                if name.endswith((".qzeros", ".scales", ".g_idx")):
                    continue
                numel = 1
                for dim in handle.get_slice(name).get_shape():
                    numel *= dim
                total += numel * 32 // bits if name.endswith(".qweight") else numel
    return total
