"""GPU check: the project's own finetune code path on random-weight models of real shapes, per
setting peak GPU memory and training tokens/s. The device machines have no Hub, so each model is
built from its config with random weights (memory and speed do not depend on the values) and saved
as a normal checkpoint, which `finetune()` then loads exactly as it loads models/base.

Settings (the README's GPU recipe, then issue 15's batching comparison):
  qlora      4-bit NF4 storage, bf16 compute, gradient checkpointing, paged 8-bit AdamW
  lora_bf16  bf16 weights, no quantization, gradient checkpointing, AdamW
  batch1     bf16 LoRA, one example per forward, gradient accumulation --per-step (the CPU default's way)
  packed     the same examples, --per-step per row with no padding, position_ids restarting per
             example (finetune.packing): the same optimizer steps, so the same loss curve
  padded     the same examples, --per-step per batch, padded to the longest
  packed_regions  packed, with the default torch_compile: regions (never measured on a GPU before)

    python benchmarks/gpu_check.py                          # on a GPU: Mistral-7B shape, qlora + lora_bf16
    python benchmarks/gpu_check.py --shape smollm2-135m --settings batch1,packed,padded --lengths varied \
        --steps 20 --warmup                                 # on a GPU: packed vs batch 1 (goal: >= 2x tokens/s)
    python benchmarks/gpu_check.py --shape tiny --steps 2   # the same code path on a CPU, in seconds
    bash benchmarks/gpu_run.sh                              # both, as one device call (README "GPU check")

Goals: QLoRA 7B at 1024 tokens within 8 GB peak GPU memory; packed batches at least 2x the
tokens/s of batch 1. Prints a markdown table and writes benchmarks/results/gpu_check.json (or --out).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch  # noqa: E402

from htmlgen.artifacts import DataFormat  # noqa: E402
from htmlgen.config import FinetuneConfig, QuantConfig, build  # noqa: E402
from htmlgen.modeling import free_memory  # noqa: E402  (a setting's model must not count in the next's peak)

# The shape is what costs memory and time. model_type picks the transformers architecture.
SHAPES = {
    # mistralai/Mistral-7B-v0.1's config.json
    "mistral-7b": dict(model_type="mistral", vocab_size=32000, hidden_size=4096, intermediate_size=14336,
                       num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
                       max_position_embeddings=32768, rope_theta=10000.0, sliding_window=4096,
                       tie_word_embeddings=False),
    # HuggingFaceTB/SmolLM2-135M-Instruct's config.json: the default model, whose batch-1 steps
    # leave a GPU idle most (what packing is for)
    "smollm2-135m": dict(model_type="llama", vocab_size=49152, hidden_size=576, intermediate_size=1536,
                         num_hidden_layers=30, num_attention_heads=9, num_key_value_heads=3,
                         max_position_embeddings=8192, rope_theta=100000.0, rms_norm_eps=1e-5,
                         tie_word_embeddings=True),
    # Same architecture and head layout as Mistral (GQA 4:1), small enough for a CPU test.
    "tiny": dict(model_type="mistral", vocab_size=512, hidden_size=64, intermediate_size=224, num_hidden_layers=2,
                 num_attention_heads=8, num_key_value_heads=2, max_position_embeddings=4096,
                 rope_theta=10000.0, sliding_window=4096, tie_word_embeddings=False),
}

# bf16 LoRA without checkpointing or quantization: what differs between these three is only how
# the --per-step examples of one optimizer step are batched.
_BATCHING = dict(precision="bf16", gradient_checkpointing=False, optim="adamw_torch", torch_compile="eager")
SETTINGS = {
    "qlora": {
        "quant": dict(load_in="4bit", bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                      bnb_4bit_compute_dtype="bfloat16"),
        # eager: the GPU figures so far are eager ones; compile is measured on the CPU only
        "finetune": dict(precision="bf16", gradient_checkpointing=True, optim="paged_adamw_8bit",
                         torch_compile="eager"),
    },
    "lora_bf16": {
        "quant": dict(load_in="none"),
        "finetune": dict(precision="bf16", gradient_checkpointing=True, optim="adamw_torch", torch_compile="eager"),
    },
    "batch1": {"quant": dict(load_in="none"), "finetune": _BATCHING, "batching": "accumulate"},
    "packed": {"quant": dict(load_in="none"), "finetune": {**_BATCHING, "packing": True}, "batching": "batch"},
    "padded": {"quant": dict(load_in="none"), "finetune": _BATCHING, "batching": "batch"},
    # the default's torch_compile (regions: each decoder layer compiled) on top of packing
    "packed_regions": {"quant": dict(load_in="none"), "finetune": {**_BATCHING, "packing": True,
                                                                  "torch_compile": "regions"}, "batching": "batch"},
}


def build_tokenizer(vocab_size: int):
    """A word-level tokenizer over the model's vocabulary: the Trainer needs one for padding and
    saving, the token ids themselves are synthetic."""
    from tokenizers import Tokenizer, models
    from transformers import PreTrainedTokenizerFast

    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2, **{f"t{i}": i for i in range(3, vocab_size)}}
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=Tokenizer(models.WordLevel(vocab, unk_token="<unk>")),
                                        unk_token="<unk>", bos_token="<s>", eos_token="</s>", pad_token="</s>")
    return tokenizer


def write_base(folder: Path, shape: str, dtype: torch.dtype) -> None:
    """A random-weight checkpoint of ``shape``, built on the GPU when there is one (fast init)."""
    from transformers import AutoConfig, AutoModelForCausalLM

    values = dict(SHAPES[shape])
    config = AutoConfig.for_model(values.pop("model_type"), **values, bos_token_id=1, eos_token_id=2,
                                  pad_token_id=2)
    torch.manual_seed(0)
    with torch.device("cuda" if torch.cuda.is_available() else "cpu"):
        model = AutoModelForCausalLM.from_config(config, dtype=dtype)  # built in dtype: no fp32 copy of a 7B
    model.save_pretrained(folder, max_shard_size="5GB")
    build_tokenizer(config.vocab_size).save_pretrained(folder)
    del model
    free_memory()


def example_lengths(seq_len: int, examples: int, lengths: str) -> list[int]:
    """Tokens per example: all ``seq_len`` (full), or drawn uniformly from [seq_len / 4, seq_len]
    (varied: like real prompt + page pairs, which is where padding wastes and packing saves)."""
    if lengths == "full":
        return [seq_len] * examples
    generator = torch.Generator().manual_seed(1)
    return torch.randint(seq_len // 4, seq_len + 1, (examples,), generator=generator).tolist()


def write_data(folder: Path, vocab_size: int, lengths: list[int], prompt_tokens: int = 64) -> None:
    """Tokenized train/validation splits as the tokenize stage writes them: one row per length, the
    first ``prompt_tokens`` masked (-100) as a prompt would be."""
    from datasets import Dataset

    generator = torch.Generator().manual_seed(0)
    for name, sizes in (("train", lengths), ("validation", [])):
        ids = [torch.randint(3, vocab_size, (n,), generator=generator).tolist() for n in sizes]
        labels = [[-100] * prompt_tokens + row[prompt_tokens:] for row in ids]
        # Columns and num_shards=1 as tokenize writes them (an empty split needs one shard).
        Dataset.from_dict({"id": [f"{name}-{i}" for i in range(len(sizes))], "input_ids": ids, "labels": labels},
                          ).save_to_disk(str(folder / name), num_shards=1)
    DataFormat(system_prompt="", max_seq_len=max(lengths)).write(folder)


def base_footprint_gb(base: Path, quant: QuantConfig) -> float:
    """Memory of the base weights as finetune loads them (4-bit storage must show here)."""
    from htmlgen.modeling import load_base_model

    model = load_base_model(base, quant)
    footprint = model.get_memory_footprint() / 2**30
    del model
    free_memory()
    return round(footprint, 4)


def batching(name: str, per_step: int) -> dict:
    """The Trainer's batch size and accumulation for a setting: the batching settings take
    ``per_step`` examples per optimizer step, one at a time or together; the recipe settings one."""
    how = SETTINGS[name].get("batching")
    if how == "accumulate":
        return {"per_device_train_batch_size": 1, "gradient_accumulation_steps": per_step}
    if how == "batch":
        return {"per_device_train_batch_size": per_step, "gradient_accumulation_steps": 1}
    return {"per_device_train_batch_size": 1, "gradient_accumulation_steps": 1}


def run_setting(name: str, base: Path, data: Path, work: Path, steps: int, optim: str | None,
                per_step: int = 1) -> dict:
    from htmlgen.stages.finetune import compile_mode, finetune

    setting = SETTINGS[name]
    quant = build(QuantConfig, setting["quant"], "quant")
    on_gpu = torch.cuda.is_available()
    values = {**setting["finetune"], **batching(name, per_step), "max_steps": steps, "logging_steps": 1,
              "save_steps": steps, "eval_steps": 0, "warmup_steps": 0, "resume": False,
              "lora": {"r": 16, "alpha": 32, "dropout": 0.0}}
    if not on_gpu:
        # bf16 runs at ~1 GFLOP/s on a CPU without bf16 units: the CPU run proves the code path
        # (bitsandbytes' paged 8-bit AdamW included: on a CPU it runs unpaged), not the speed.
        values["precision"] = "fp32"
        quant = build(QuantConfig, {**setting["quant"], "bnb_4bit_compute_dtype": "float32"}
                      if quant.load_in == "4bit" else setting["quant"], "quant")
    if optim:
        values["optim"] = optim
    config = build(FinetuneConfig, values, "finetune")
    config.validate()
    weights_gb = base_footprint_gb(base, quant)
    if on_gpu:
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    summary = finetune(config, quant, data, base, work / f"{name}-checkpoints", work / f"{name}-adapter",
                       live_dir=None)
    wall = time.perf_counter() - started
    row = {"setting": name, "load_in": quant.load_in, "compute": quant.bnb_4bit_compute_dtype
           if quant.load_in == "4bit" else config.precision, "optim": config.optim,
           "gradient_checkpointing": config.gradient_checkpointing, "packing": config.packing,
           "compile": compile_mode(config, quant.load_in != "none"),
           "batch_size": config.per_device_train_batch_size, "accumulation": config.gradient_accumulation_steps,
           "steps": summary["steps"], "train_tokens": summary["train_tokens"],
           "train_seconds": summary["train_seconds"],
           "tokens_per_s": round(summary["train_tokens"] / summary["train_seconds"], 1),
           "train_loss": summary["train_loss"], "wall_s": round(wall, 1), "weights_gb": weights_gb}
    if on_gpu:
        row["peak_allocated_gb"] = round(torch.cuda.max_memory_allocated() / 2**30, 2)
        row["peak_reserved_gb"] = round(torch.cuda.max_memory_reserved() / 2**30, 2)
    row["peak_rss_gb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2)  # KiB on Linux
    return row


def evaluate_path(base: Path, adapter: Path, data: Path, prompts: int, new_tokens: int) -> dict:
    """evaluate's own code on the adapter just trained: base + adapter as evaluate loads them (merged
    into float32 weights; over a bf16 base, unmerged),
    ``prompts`` answers of ``new_tokens`` tokens in one batch with the default `generate` decoding
    (min_p sampling + DRY; random weights never stop early, so every row writes them all), then the
    perplexity pass over the training examples. Proves the GPU code path (devices, dtypes, the
    sampler's generator) and gives its speed."""
    import dataclasses

    from datasets import load_from_disk

    from htmlgen.config import GenerateConfig
    from htmlgen.evaluation import perplexity_rows
    from htmlgen.generation import generate_answers
    from htmlgen.modeling import load_tokenizer
    from htmlgen.stages.evaluate import load_finetuned

    model = load_finetuned(base, adapter, QuantConfig())
    tokenizer = load_tokenizer(adapter)
    train = load_from_disk(str(data / "train"))
    prompt_ids = [ids[:64] for ids in train["input_ids"][:prompts]]
    config = dataclasses.replace(GenerateConfig(), max_new_tokens=new_tokens, stop=[])
    sync = torch.cuda.synchronize if torch.cuda.is_available() else (lambda: None)
    sync()
    started = time.perf_counter()
    answers = generate_answers(model, tokenizer, prompt_ids, config, batch_size=prompts)
    sync()
    generate_s = time.perf_counter() - started
    examples = [{"ppl_input_ids": ids, "ppl_labels": labels} for ids, labels in zip(train["input_ids"][:prompts],
                                                                                    train["labels"][:prompts])]
    started = time.perf_counter()
    nll = perplexity_rows(model, examples, tokenizer, batch_size=1)
    sync()
    perplexity_s = time.perf_counter() - started
    written, scored = sum(a.new_tokens for a in answers), sum(count for _, count in nll)
    return {"dtype": str(model.dtype), "device": str(next(model.parameters()).device), "prompts": len(prompt_ids),
            "answer_tokens": written, "generate_tokens_per_s": round(written / generate_s, 1),
            "perplexity_tokens": scored, "perplexity_tokens_per_s": round(scored / perplexity_s, 1),
            "mean_nll": round(sum(total for total, _ in nll) / scored, 4)}


def goals(rows: list[dict], on_gpu: bool) -> dict:
    """The check's goals, from the settings that ran: QLoRA's peak memory, packed vs batch 1."""
    by_name = {r["setting"]: r for r in rows if "error" not in r}
    result = {}
    if "batch1" in by_name and "packed" in by_name:
        result["packed_vs_batch1"] = round(by_name["packed"]["tokens_per_s"] / by_name["batch1"]["tokens_per_s"], 2)
        # The same examples in the same optimizer steps: the loss must agree (bf16 rounding apart).
        result["packed_minus_batch1_loss"] = round(by_name["packed"]["train_loss"] - by_name["batch1"]["train_loss"], 4)
    if "packed" in by_name and "packed_regions" in by_name:
        result["regions_vs_eager_incl_compile"] = round(by_name["packed_regions"]["tokens_per_s"]
                                           / by_name["packed"]["tokens_per_s"], 2)
        result["regions_minus_eager_loss"] = round(by_name["packed_regions"]["train_loss"]
                                                   - by_name["packed"]["train_loss"], 4)
    if on_gpu:
        if "qlora" in by_name:
            result["qlora_within_8gb"] = by_name["qlora"]["peak_allocated_gb"] <= 8
        if "packed_vs_batch1" in result:
            result["packed_at_least_2x_batch1"] = result["packed_vs_batch1"] >= 2
    return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shape", choices=sorted(SHAPES), default="mistral-7b")
    p.add_argument("--settings", default="qlora,lora_bf16", help="comma-separated: " + ", ".join(SETTINGS))
    p.add_argument("--seq-len", type=int, default=1024, help="tokens per example (the longest, with --lengths varied)")
    p.add_argument("--lengths", choices=("full", "varied"), default="full",
                   help="full: every example seq-len tokens; varied: uniform in [seq-len / 4, seq-len]")
    p.add_argument("--steps", type=int, default=6, help="optimizer steps per setting")
    p.add_argument("--per-step", type=int, default=8,
                   help="examples per optimizer step of batch1 / packed / padded (the recipe settings take 1)")
    p.add_argument("--warmup", action="store_true",
                   help="first train the first setting for one step, untimed (CUDA start-up, kernel choice)")
    p.add_argument("--evaluate", type=int, default=0, metavar="PROMPTS",
                   help="then evaluate's generation and perplexity on the last setting's adapter, this many prompts")
    p.add_argument("--new-tokens", type=int, default=128, help="tokens per answer with --evaluate")
    p.add_argument("--optim", help="override the optimizer of every setting (e.g. adamw_torch on a CPU)")
    p.add_argument("--work", type=Path, help="scratch folder (default: a temp dir, removed after)")
    p.add_argument("--out", type=Path, default=REPO / "benchmarks/results/gpu_check.json")
    args = p.parse_args(argv)
    from htmlgen.runner import setup_logging

    setup_logging()
    names = [n.strip() for n in args.settings.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETTINGS]
    if unknown:
        p.error(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(SETTINGS)}")
    # examples per optimizer step: --per-step for the batching settings, 1 for the recipe's
    per_step = args.per_step if any(SETTINGS[n].get("batching") for n in names) else 1

    work = args.work or Path(tempfile.mkdtemp(prefix="gpu_check-"))
    try:
        base, data = work / "base", work / "data"
        started = time.perf_counter()
        write_base(base, args.shape, torch.bfloat16 if torch.cuda.is_available() else torch.float32)
        # Every batching setting sees each example once: the same tokens, the same optimizer steps.
        lengths = example_lengths(args.seq_len, max(args.steps * per_step, 2), args.lengths)
        write_data(data, SHAPES[args.shape]["vocab_size"], lengths)
        print(f"random-weight {args.shape} checkpoint + data: {time.perf_counter() - started:.0f} s", flush=True)
        if args.warmup:
            try:
                run_setting(names[0], base, data, work / "warmup", 1, args.optim, args.per_step)
            except Exception:  # noqa: BLE001 - the setting fails again below, and is recorded there
                traceback.print_exc()
        rows = []
        for name in names:
            # One call on a lent machine: a setting that fails is recorded, the others still run.
            try:
                rows.append(run_setting(name, base, data, work, args.steps, args.optim, args.per_step))
            except Exception as error:  # noqa: BLE001 - reported in the table and the json
                traceback.print_exc()
                rows.append({"setting": name, "error": f"{type(error).__name__}: {error}"[:500]})
            free_memory()  # outside the except: its traceback would still hold the failed setting's model
        trained = [r["setting"] for r in rows if "error" not in r]
        evaluation = None
        if args.evaluate and trained:
            try:
                evaluation = {"adapter": trained[-1], **evaluate_path(base, work / f"{trained[-1]}-adapter", data,
                                                                      args.evaluate, args.new_tokens)}
            except Exception as error:  # noqa: BLE001 - reported in the json
                traceback.print_exc()
                evaluation = {"adapter": trained[-1], "error": f"{type(error).__name__}: {error}"[:500]}
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)

    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    result = {"shape": args.shape, "model_config": SHAPES[args.shape], "seq_len": args.seq_len,
              "lengths": args.lengths, "examples": len(lengths), "example_tokens": sum(lengths),
              "device": gpu or f"CPU ({os.cpu_count()} cores)", "torch": torch.__version__,
              "python": platform.python_version(),
              "goals": "qlora peak_allocated_gb <= 8 at seq_len 1024; packed >= 2x batch1 tokens/s",
              "rows": rows, **goals(rows, gpu is not None), **({"evaluate": evaluation} if evaluation else {})}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")

    memory = "peak_allocated_gb" if gpu else "peak_rss_gb"
    print(f"\n{args.shape}, sequence {args.seq_len} ({args.lengths}), {result['device']}\n")
    print(f"| setting | weights | weights GB | compute | optimizer | batch x accumulation | tokens/s | {memory} | loss |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['setting']} | failed: {r['error'][:200]} |")
            continue
        batch = (f"{r['batch_size']} x {r['accumulation']}" + (" packed" if r["packing"] else "")
                 + (f", compiled ({r['compile']})" if r["compile"] != "eager" else ""))
        print(f"| {r['setting']} | {r['load_in']} | {r['weights_gb']} | {r['compute']} | {r['optim']} | {batch} | "
              f"{r['tokens_per_s']} | {r.get(memory)} | {r['train_loss']} |")
    for key, value in goals(rows, gpu is not None).items():
        print(f"{key}: {value}")
    if evaluation:
        print(f"evaluate's code on the {evaluation['adapter']} adapter: {evaluation}")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
