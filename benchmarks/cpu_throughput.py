"""Where the default CPU run spends its time, side by side in one run: greedy generation
tokens/s at several batch sizes (evaluate.batch_size) and LoRA training tokens/s at several
micro-batch sizes with the same effective batch (finetune.per_device_train_batch_size x
gradient_accumulation_steps), and training tokens/s with and without LoRA dropout
(finetune.lora.dropout). Real SmolLM2 (models/base), real test prompts and training
examples (data/split, data/tokenized: run `dvc repro tokenize` first). Prints markdown tables and
writes benchmarks/results/cpu_throughput.json.

    python benchmarks/cpu_throughput.py                      # ~7 min on a quiet 2-core CPU
    python benchmarks/cpu_throughput.py --gen-batches 1 12 --train-examples 4
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch  # noqa: E402

from htmlgen import io  # noqa: E402
from htmlgen.collate import MODEL_COLUMNS, training_collator  # noqa: E402
from htmlgen.config import FinetuneConfig, QuantConfig, load_section  # noqa: E402
from htmlgen.modeling import load_base_model, load_tokenizer  # noqa: E402
from htmlgen.prompting import encode_prompt  # noqa: E402
from htmlgen.generation import left_padded  # noqa: E402
from htmlgen.stages.finetune import build_peft_model  # noqa: E402


@torch.no_grad()
def generation_tokens_per_s(model, tokenizer, prompts: list[str], system: str, new_tokens: int) -> dict:
    """Left-padded batch, exactly ``new_tokens`` greedy tokens per prompt (no early stop)."""
    inputs = left_padded([encode_prompt(tokenizer, p, system) for p in prompts], tokenizer)
    started = time.perf_counter()
    model.generate(**inputs, max_new_tokens=new_tokens, min_new_tokens=new_tokens,
                   do_sample=False, temperature=None, top_p=None, top_k=None, pad_token_id=tokenizer.pad_token_id)
    seconds = time.perf_counter() - started
    return {"batch": len(prompts), "seconds": seconds, "tokens_per_s": len(prompts) * new_tokens / seconds,
            "ms_per_step": 1000 * seconds / new_tokens}


def training_tokens_per_s(model, tokenizer, examples, micro_batch: int) -> dict:
    """Forward + backward over ``examples`` in micro-batches padded to their longest (the finetune
    stage's padded collator); tokens/s counts real (non-padding) tokens only."""
    collate = training_collator(tokenizer, packing=False, head_on_answers_only=False)
    model.train()
    real = padded = 0
    started = time.perf_counter()
    for start in range(0, len(examples), micro_batch):
        batch = collate([dict(e) for e in examples[start:start + micro_batch]])
        model(**batch).loss.backward()
        real += int(batch["attention_mask"].sum())
        padded += batch["input_ids"].numel()
    seconds = time.perf_counter() - started
    model.zero_grad(set_to_none=True)
    return {"micro_batch": micro_batch, "seconds": seconds, "tokens_per_s": real / seconds,
            "padding_share": 1 - real / padded}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", type=Path, default=REPO / "models" / "base")
    p.add_argument("--gen-batches", type=int, nargs="+", default=[1, 2, 4, 8, 12, 16])
    p.add_argument("--gen-tokens", type=int, default=64, help="tokens generated per prompt")
    p.add_argument("--train-batches", type=int, nargs="+", default=[1, 2, 4])
    p.add_argument("--train-examples", type=int, default=8, help="training examples per micro-batch setting")
    p.add_argument("--train-dropouts", type=float, nargs="+", default=[0.0, 0.05],
                   help="finetune.lora.dropout values compared at micro-batch 1")
    p.add_argument("--repeats", type=int, default=2,
                   help="alternating rounds of the dropout comparison (a shared CPU's speed drifts)")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    p.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "cpu_throughput.json")
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    from datasets import load_from_disk

    params = REPO / "params.yaml"
    system = io.read_json(REPO / "data" / "tokenized" / "format.json")["system_prompt"]
    prompts = [r["prompt"] for r in io.read_jsonl(REPO / "data" / "split" / "test.jsonl")]
    train = load_from_disk(str(REPO / "data" / "tokenized" / "train")).select_columns(list(MODEL_COLUMNS))
    examples = [train[i] for i in range(args.train_examples)]
    tokenizer = load_tokenizer(args.base)

    model = load_base_model(args.base, QuantConfig()).eval()
    generation_tokens_per_s(model, tokenizer, prompts[:1], system, 8)  # warm-up
    generation = []
    for batch in args.gen_batches:
        cycled = [prompts[i % len(prompts)] for i in range(batch)]
        generation.append(generation_tokens_per_s(model, tokenizer, cycled, system, args.gen_tokens))
        print(json.dumps({k: round(v, 3) for k, v in generation[-1].items()}), flush=True)

    peft_model = build_peft_model(model, load_section(FinetuneConfig, "finetune", params), quantized=False)
    training = []
    for micro_batch in args.train_batches:
        training.append(training_tokens_per_s(peft_model, tokenizer, examples, micro_batch))
        print(json.dumps({k: round(v, 3) for k, v in training[-1].items()}), flush=True)

    # LoRA dropout: peft applies it to each adapted layer's input, a copy per layer and per step.
    config = load_section(FinetuneConfig, "finetune", params)
    dropout_runs: dict[float, list[float]] = {d: [] for d in args.train_dropouts}
    for _ in range(args.repeats):
        for dropout in args.train_dropouts:
            fresh = build_peft_model(load_base_model(args.base, QuantConfig()),
                                     dataclasses.replace(config, lora=dataclasses.replace(config.lora, dropout=dropout)),
                                     quantized=False)
            dropout_runs[dropout].append(training_tokens_per_s(fresh, tokenizer, examples, 1)["tokens_per_s"])
            print(json.dumps({"lora_dropout": dropout, "tokens_per_s": round(dropout_runs[dropout][-1], 1)}), flush=True)
            del fresh

    print(f"\nGreedy generation, {args.gen_tokens} tokens per prompt (evaluate.batch_size)\n")
    print("| batch | tokens/s | ms per decoding step |\n|---|---|---|")
    for r in generation:
        print(f"| {r['batch']} | {r['tokens_per_s']:.1f} | {r['ms_per_step']:.0f} |")
    print(f"\nLoRA forward + backward, {len(examples)} training examples (finetune.per_device_train_batch_size)\n")
    print("| micro-batch | tokens/s (real tokens) | padding share |\n|---|---|---|")
    for r in training:
        print(f"| {r['micro_batch']} | {r['tokens_per_s']:.1f} | {100 * r['padding_share']:.0f} % |")

    print(f"\nLoRA dropout, micro-batch 1, {len(examples)} examples, {args.repeats} alternating rounds\n")
    print("| lora.dropout | tokens/s per round | mean | vs the first |\n|---|---|---|---|")
    means = {d: sum(v) / len(v) for d, v in dropout_runs.items()}
    first = means[args.train_dropouts[0]]
    for dropout, runs in dropout_runs.items():
        print(f"| {dropout} | {', '.join(f'{r:.1f}' for r in runs)} | {means[dropout]:.1f} | {means[dropout] / first:.2f}x |")

    result = {
        "model": str(args.base),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(),
                    "torch": torch.__version__},
        "generation": [{k: round(v, 4) for k, v in r.items()} for r in generation],
        "training": [{k: round(v, 4) for k, v in r.items()} for r in training],
        "lora_dropout": {str(d): {"tokens_per_s": [round(r, 1) for r in runs], "mean": round(means[d], 1)}
                         for d, runs in dropout_runs.items()},
    }
    io.write_json(args.out, result)
    print(f"\n-> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
