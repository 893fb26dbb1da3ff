"""Quantization side by side for the default model (SmolLM2-135M-Instruct): full precision,
bitsandbytes 8-bit, bitsandbytes NF4 and GPTQ 4-bit (gptqmodel, the optional extra).

For each: size on disk, memory footprint, perplexity of the test split's reference HTML (answer
tokens only, formatted as tokenize formats them), greedy generation tokens/s, the time
quantization took, and markup ROUGE-L of a short LoRA run on that base (the finetune stage's own
function; --steps optimizer steps of one example). Prints a markdown table and writes
benchmarks/results/quantization.json.

    python benchmarks/quantization.py --steps 10 --eval-examples 2 --max-new-tokens 128
        # 27 min on a busy 2-core CPU, 13 of them GPTQ calibration (64 pairs);
        # (--calibration-samples 4 took 92 s)
    python benchmarks/quantization.py --steps 0        # no fine-tuning (no ROUGE-L column)
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch  # noqa: E402

from htmlgen import gptq, io, metrics, records  # noqa: E402
from htmlgen.config import (FinetuneConfig, GptqConfig, ModelConfig, PromptConfig, QuantConfig,  # noqa: E402
                            build, load_section)
from htmlgen.modeling import load_adapted_model, load_base_model, load_tokenizer, materialise_base  # noqa: E402
from htmlgen.prompting import build_example, encode_prompt  # noqa: E402

VARIANTS = {  # name -> how load_base_model is asked for it
    "full precision (fp32)": QuantConfig(load_in="none"),
    "bitsandbytes 8-bit": QuantConfig(load_in="8bit"),
    "bitsandbytes NF4": QuantConfig(load_in="4bit", bnb_4bit_quant_type="nf4"),
    "GPTQ 4-bit": None,
}


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.safetensors"))


def sample_records() -> list[dict]:
    """The shipped sample as fetch reads it (records.normalise: alpaca's `input` joined to the prompt)."""
    sample = REPO / "data" / "sample" / "webgen_sample.jsonl"
    return [r.to_dict() for r in records.normalise(io.read_jsonl(sample), str(sample))[0]]


def test_pairs(limit: int) -> list[dict]:
    """The first ``limit`` rows of the test split that evaluate scores (without a pipeline run: the
    sample's last rows, which are other pairs: their perplexity is not comparable to metrics/eval.json)."""
    split = REPO / "data" / "split" / "test.jsonl"
    if split.is_file():
        return io.read_jsonl(split)[:limit]
    print(f"no {split.relative_to(REPO)}: perplexity on the sample's last {limit} rows, not evaluate's test split")
    return sample_records()[-limit:]


@torch.no_grad()
def perplexity(model, examples) -> float:
    nll, count = 0.0, 0
    for example in examples:
        ids = torch.tensor([example.input_ids])
        n, c = metrics.answer_nll(model, ids, torch.ones_like(ids), torch.tensor([example.labels]))
        nll, count = nll + n, count + c
    return metrics.perplexity(nll, count)


@torch.no_grad()
def tokens_per_second(model, tokenizer, prompt: str, system: str, new_tokens: int) -> float:
    ids = torch.tensor([encode_prompt(tokenizer, prompt, system)])
    model.generate(input_ids=ids, max_new_tokens=4, do_sample=False, pad_token_id=tokenizer.pad_token_id)  # warm-up
    started = time.perf_counter()
    out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=new_tokens,
                         min_new_tokens=new_tokens, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    return (out.shape[1] - ids.shape[1]) / (time.perf_counter() - started)


def short_finetune(base: Path, quant: QuantConfig, work: Path, args, tokenizer, system: str, pairs: list[dict]) -> dict:
    """--steps LoRA steps with the finetune stage, then greedy answers to the first --eval-examples test prompts."""
    from htmlgen.config import GenerateConfig
    from htmlgen.generation import generate_answers
    from htmlgen.stages import finetune as finetune_stage

    config = build(FinetuneConfig, {
        "lora": {"r": 16, "alpha": 32, "dropout": 0.05}, "per_device_train_batch_size": 1,
        "gradient_accumulation_steps": 1, "max_steps": args.steps, "learning_rate": 1e-3, "warmup_steps": 2,
        "logging_steps": 5, "eval_steps": 0, "save_steps": 10_000, "resume": False}, "finetune")
    previous = os.getcwd()
    os.chdir(work)  # dvclive looks for a repo from the working directory: keep out of this one
    try:
        summary = finetune_stage.finetune(config, quant, args.tokenized, base, work / "checkpoints", work / "lora",
                                          work / "live")
    finally:
        os.chdir(previous)
    model = load_adapted_model(base, work / "lora", quant)
    decoding = GenerateConfig(max_new_tokens=args.max_new_tokens, stop=["</html>"], do_sample=False,
                              dry_multiplier=0.0)  # greedy: comparable
    completions = generate_answers(model, tokenizer, [encode_prompt(tokenizer, p["prompt"], system) for p in pairs],
                                   decoding, batch_size=args.eval_examples)
    scored = {"rougeL": metrics.mean([metrics.markup_rouge_l(c.text, p["html"])
                                      for c, p in zip(completions, pairs, strict=True)])}
    del model
    return {"rougeL": scored["rougeL"], "train_loss": summary["train_loss"], "train_seconds": summary["train_seconds"]}


def markdown(rows: list[dict]) -> str:
    head = ("| base | size on disk (MB) | memory footprint (MB) | test perplexity | generation tokens/s "
            "| quantization time (s) | markup ROUGE-L after LoRA |\n|---|---|---|---|---|---|---|")
    lines = [head]
    for r in rows:
        fmt = lambda v, f: "–" if v is None else format(v, f)  # noqa: E731
        lines.append(f"| {r['variant']} | {fmt(r['disk_mb'], '.0f')} | {fmt(r['memory_mb'], '.0f')} "
                     f"| {fmt(r['perplexity'], '.3f')} | {fmt(r['tokens_per_s'], '.1f')} "
                     f"| {fmt(r['quantize_seconds'], '.1f')} | {fmt(r.get('rougeL'), '.4f')} |")
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", type=Path, default=REPO / "models" / "base", help="full-precision base (built if absent)")
    p.add_argument("--tokenized", type=Path, default=REPO / "data" / "tokenized", help="tokenize output for LoRA")
    p.add_argument("--ppl-examples", type=int, default=12, help="test pairs for perplexity")
    p.add_argument("--max-seq-len", type=int, default=1024, help="tokens per perplexity example (cut beyond)")
    p.add_argument("--gen-tokens", type=int, default=64, help="tokens generated for the tokens/s figure")
    p.add_argument("--steps", type=int, default=20, help="LoRA steps per base (batch 1); 0 skips fine-tuning")
    p.add_argument("--eval-examples", type=int, default=4, help="test prompts for ROUGE-L")
    p.add_argument("--max-new-tokens", type=int, default=192, help="generation budget for ROUGE-L")
    p.add_argument("--calibration-samples", type=int, help="override quantize.calibration_samples")
    p.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "quantization.json")
    args = p.parse_args()
    torch.manual_seed(0)
    params = REPO / "params.yaml"
    system = load_section(PromptConfig, "prompt", params).system
    gptq_params = {**vars(load_section(GptqConfig, "quantize", params)), "method": "gptq"}
    if args.calibration_samples:
        gptq_params["calibration_samples"] = args.calibration_samples
    gptq_config = GptqConfig(**gptq_params)

    with tempfile.TemporaryDirectory(prefix="htmlgen-qbench-") as scratch:
        scratch = Path(scratch)
        base = args.base
        if not (base / "config.json").is_file():
            base = scratch / "base"
            materialise_base(ModelConfig(), base)
        tokenizer = load_tokenizer(base)
        pairs = test_pairs(args.ppl_examples)
        examples = [build_example(tokenizer, r["prompt"], r["html"], system, args.max_seq_len, "truncate")
                    for r in pairs]

        from htmlgen.stages.quantize import calibration_ids

        train_file = REPO / "data" / "split" / "train.jsonl"
        train_rows = io.read_jsonl(train_file) if train_file.is_file() else sample_records()[:-args.ppl_examples]
        gptq_dir = scratch / "gptq"
        started = time.perf_counter()
        facts = gptq.quantize(base, gptq_dir, calibration_ids(train_rows, tokenizer, system, gptq_config), gptq_config)
        gptq_seconds = time.perf_counter() - started
        tokenizer.save_pretrained(str(gptq_dir))

        rows = []
        for name, quant in VARIANTS.items():
            print(f"== {name}", flush=True)
            folder = gptq_dir if quant is None else base
            started = time.perf_counter()
            model = load_base_model(folder, quant)
            load_seconds = time.perf_counter() - started
            model.eval()
            if quant is None:
                disk, quantize_seconds = folder_bytes(gptq_dir), gptq_seconds
            elif quant.load_in == "none":
                disk, quantize_seconds = folder_bytes(base), None
            else:  # bitsandbytes quantizes while loading; its saved form is what would sit on disk
                saved = scratch / f"bnb-{quant.load_in}"
                model.save_pretrained(str(saved))
                disk, quantize_seconds = folder_bytes(saved), load_seconds
            row = {"variant": name, "disk_mb": disk / 2**20, "memory_mb": model.get_memory_footprint() / 2**20,
                   "perplexity": perplexity(model, examples),
                   "tokens_per_s": tokens_per_second(model, tokenizer, pairs[0]["prompt"], system, args.gen_tokens),
                   "quantize_seconds": quantize_seconds, "load_seconds": load_seconds,
                   "kernel": type(model.model.layers[0].self_attn.q_proj).__name__}
            del model
            gc.collect()
            if args.steps > 0:
                work = scratch / f"lora-{len(rows)}"
                work.mkdir()
                try:
                    row.update(short_finetune(folder, quant or QuantConfig(), work, args, tokenizer, system,
                                              pairs[: args.eval_examples]))
                except Exception as err:  # report, don't hide: a base LoRA cannot train on gets a note
                    row["finetune_error"] = f"{type(err).__name__}: {err}"
            rows.append({k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()})
            print(json.dumps(rows[-1]), flush=True)

    result = {
        "model": "SmolLM2-135M-Instruct (models/base, fp32)",
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "torch": torch.__version__,
                    "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None},
        "settings": {"ppl_examples": len(examples), "max_seq_len": args.max_seq_len, "gen_tokens": args.gen_tokens,
                     "lora_steps": args.steps, "lora_batch": 1, "eval_examples": args.eval_examples,
                     "max_new_tokens": args.max_new_tokens, "gptq": {k: v for k, v in facts.items()}},
        "rows": rows,
    }
    io.write_json(args.out, result)
    print(markdown(rows))
    print(f"\n-> {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())
