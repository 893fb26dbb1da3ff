"""Training throughput, side by side in one run: supervised (answer) tokens per second and padding
share of the seed notebooks' way, today's default, and each option of finetune (packing, the output
layer on answer positions only, LoRA dropout, threads, torch.compile), all on the same training
examples for the same optimizer steps, each through the Trainer as finetune builds it. Each figure
is also given as a share of this machine's ceiling, measured in the same run: the fp32 matmul rate
at SmolLM2's shapes over the ~4 N FLOPs a LoRA token costs with frozen weights (N parameters;
forward 2 N, gradient of the activations 2 N, no weight gradients). `--profile` first splits one
training step's time between frozen matmuls, LoRA matmuls, the output layer, attention,
cross-entropy, elementwise kernels, the optimizer and Python.

Real SmolLM2 (models/base) and real training examples (data/tokenized: `dvc repro tokenize` first).
Prints markdown tables, writes benchmarks/results/train_throughput.json.

    python benchmarks/train_throughput.py --profile          # ~10 min on a quiet 2-core CPU
    python benchmarks/train_throughput.py --rounds 3 --variants padded_1 head_on_answers   # A/B, drift-proof
    python benchmarks/train_throughput.py --steps 1 --variants padded_1 packed_4
    for v in padded_1 compiled_regions padded_1 compiled_regions; do   # compiled ways: one per process
        python benchmarks/train_throughput.py --steps 4 --variants $v --out /tmp/tt_${v}_$RANDOM.json; done
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
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

from htmlgen import io  # noqa: E402
from htmlgen.collate import IGNORE, MODEL_COLUMNS, training_collator  # noqa: E402
from htmlgen.config import FinetuneConfig, QuantConfig, load_section  # noqa: E402
from htmlgen.modeling import cpu_bf16_unit, load_base_model, load_tokenizer  # noqa: E402
from htmlgen.stages.finetune import (build_peft_model, compile_decoder_layers, compile_mode,  # noqa: E402
                                     leave_one_process_group, resolve_precision, training_arguments)


def variants(default: FinetuneConfig) -> dict[str, dict]:
    """name -> finetune overrides (plus the benchmark's own keys: seed_way, threads)."""
    today = dict(packing=False, head_on_answers_only=False, per_device_train_batch_size=1,
                 gradient_accumulation_steps=4, torch_compile="eager", precision="fp32",
                 lora=dataclasses.replace(default.lora, dropout=0.0))
    head = {**today, "head_on_answers_only": True}
    return {
        # The seed notebooks: every example padded to max_seq_len, DataCollatorForLanguageModeling
        # (labels = every non-pad token, prompt included), batch 4.
        "seed": {**today, "per_device_train_batch_size": 4, "gradient_accumulation_steps": 1, "seed_way": True},
        "padded_1": today,                             # the stage's way: batch 1, padded = no padding
        "head_on_answers": head,
        "packed_4": {**head, "packing": True, "per_device_train_batch_size": 4, "gradient_accumulation_steps": 1},
        "packed_2": {**head, "packing": True, "per_device_train_batch_size": 2, "gradient_accumulation_steps": 2},
        "padded_4": {**head, "per_device_train_batch_size": 4, "gradient_accumulation_steps": 1},
        "lora_dropout_0.05": {**head, "lora": dataclasses.replace(default.lora, dropout=0.05)},
        "threads_1": {**head, "threads": 1},
        "compiled_regions": {**today, "torch_compile": "regions"},  # each decoder layer, one graph for all 30
        "compiled": {**today, "torch_compile": "model"},              # the whole model as one graph
        # bf16 autocast: only where the CPU multiplies bf16 in hardware (AVX512-BF16, AMX) or on a GPU
        "bf16": {**today, "precision": "bf16"},
        "compiled_regions_bf16": {**today, "torch_compile": "regions", "precision": "bf16"},
        "default": {},                                 # params.yaml as it is now (precision auto: decided here)
    }


def seed_way_collator(tokenizer, max_len: int):
    """Pads every example to max_len and labels every non-pad token, as the seed notebooks did."""
    from transformers import DataCollatorForLanguageModeling

    lm = DataCollatorForLanguageModeling(tokenizer, mlm=False)

    def collate(features):
        padded = [{"input_ids": f["input_ids"] + [tokenizer.pad_token_id] * (max_len - len(f["input_ids"])),
                   "attention_mask": [1] * len(f["input_ids"]) + [0] * (max_len - len(f["input_ids"]))}
                  for f in features]
        return lm(padded)

    return collate


def batch_shapes(collator, examples: list[dict], batch: int) -> tuple[int, int]:
    """(real tokens, tokens in the batches incl. padding) over the examples in micro-batches."""
    real = total = 0
    for start in range(0, len(examples), batch):
        b = collator([dict(e) for e in examples[start:start + batch]])
        real += sum(len(e["input_ids"]) for e in examples[start:start + batch])
        total += b["input_ids"].numel()
    return real, total


def run_variant(name: str, overrides: dict, default: FinetuneConfig, base: Path, tokenizer, train, steps: int,
                max_len: int) -> dict:
    from transformers import Trainer, TrainerCallback

    overrides = dict(overrides)
    seed_way, threads = overrides.pop("seed_way", False), overrides.pop("threads", 0)
    config = dataclasses.replace(default, **overrides, max_steps=steps, logging_steps=1, eval_steps=0,
                                 save_steps=10_000, num_threads=threads, report_to=["dvclive"], resume=False)
    config = dataclasses.replace(config, precision=resolve_precision(config.precision, quantized=False))
    torch.set_num_threads(threads or os.cpu_count() or 1)
    examples = [train[i] for i in range(steps * config.per_device_train_batch_size * config.gradient_accumulation_steps)]
    collator = (seed_way_collator(tokenizer, max_len) if seed_way
                else training_collator(tokenizer, config.packing, config.head_on_answers_only))
    real, total = batch_shapes(collator, examples, config.per_device_train_batch_size)
    supervised_per_example = [sum(1 for label in e["labels"][1:] if label != IGNORE) for e in examples]
    supervised = sum(supervised_per_example)
    per_step = config.per_device_train_batch_size * config.gradient_accumulation_steps

    model = build_peft_model(load_base_model(base, QuantConfig()), config, quantized=False)
    compiling = compile_mode(config)
    if compiling == "regions":  # as the stage does
        compile_decoder_layers(model)
    with tempfile.TemporaryDirectory() as out:
        args = training_arguments(config, Path(out), has_validation=False, compiling=compiling)
        from datasets import Dataset

        dataset = Dataset.from_list([dict(e) for e in examples])
        first_step_done = []  # past the first step: a compiled way has compiled by then

        class FirstStep(TrainerCallback):
            def on_step_end(self, args, state, control, **kwargs):
                if state.global_step == 1:
                    first_step_done.append(time.perf_counter())

        trainer = Trainer(model=model, args=args, train_dataset=dataset, data_collator=collator,
                          processing_class=tokenizer, callbacks=[FirstStep()])
        started = time.perf_counter()
        trainer.train()
        ended = time.perf_counter()
        seconds = ended - started
    losses = [round(e["loss"], 5) for e in trainer.state.log_history if "loss" in e]
    past_first_step = (round(sum(supervised_per_example[per_step:]) / (ended - first_step_done[0]), 2)
                       if steps > 1 else None)
    result = {"variant": name, "seconds": round(seconds, 2), "supervised_tokens": supervised,
              "supervised_tokens_per_s": round(supervised / seconds, 2), "real_tokens_per_s": round(real / seconds, 2),
              "past_first_step_supervised_tokens_per_s": past_first_step,
              "padding_share": round(1 - real / total, 4), "losses": losses, "threads": torch.get_num_threads(),
              "precision": config.precision,
              "settings": {k: (dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v) for k, v in
                           {**overrides, "seed_way": seed_way}.items()}}
    print(json.dumps({k: v for k, v in result.items() if k != "settings"}), flush=True)
    torch.set_num_threads(os.cpu_count() or 1)
    return result


# --------------------------------------------------------------------------- the ceiling


def lora_flops_per_token(model) -> float:
    """~4 N: every weight takes part in one forward multiply-add (2 FLOPs) and one in the gradient
    of the activations (2 more); frozen weights get no weight gradient. The tied embedding counts
    once, as the output layer (the lookup itself is no matmul)."""
    matmul_params = sum(p.numel() for n, p in model.named_parameters() if p.ndim == 2)
    return 4.0 * matmul_params


def matmul_rate(config, seq_len: int, repeats: int = 10, dtype: torch.dtype = torch.float32) -> float:
    """GFLOP/s of the model's own matmul shapes at this sequence length, forward and the
    transposed multiply of the backward, weighted as the model weights them."""
    head_dim = config.hidden_size // config.num_attention_heads
    shapes = [(config.hidden_size, config.hidden_size)] * 2 + \
             [(config.hidden_size, config.num_key_value_heads * head_dim)] * 2 + \
             [(config.hidden_size, config.intermediate_size)] * 2 + [(config.intermediate_size, config.hidden_size)]
    layers = [(shape, config.num_hidden_layers) for shape in shapes] + [((config.hidden_size, config.vocab_size), 1)]
    flops = seconds = 0.0
    for (k, n), count in layers:
        x, w, g = (torch.randn(seq_len, k, dtype=dtype), torch.randn(k, n, dtype=dtype),
                   torch.randn(seq_len, n, dtype=dtype))
        x @ w
        best = float("inf")  # a ceiling: the best of the repeats (a shared machine only slows it down)
        for _ in range(repeats):
            started = time.perf_counter()
            x @ w
            g @ w.T
            best = min(best, time.perf_counter() - started)
        seconds += best * count
        flops += 2 * 2 * seq_len * k * n * count
    return flops / seconds / 1e9


# --------------------------------------------------------------------------- profile


CATEGORIES = ("frozen matmuls", "LoRA matmuls", "output layer", "attention", "cross-entropy", "elementwise + copies",
              "optimizer", "other ops", "Python / framework (wall - ops)")


def categorise(event, rank: int, vocab: int) -> str:
    name = event.key
    shapes = [s for s in (event.input_shapes or []) if s]
    dims = {d for s in shapes for d in s}
    if "scaled_dot_product" in name or "softmax" in name and "log" not in name:
        return "attention"
    if "log_softmax" in name or "nll_loss" in name or "cross_entropy" in name:
        return "cross-entropy"
    if name in ("aten::mm", "aten::addmm", "aten::bmm", "aten::linear", "aten::matmul"):
        if vocab in dims:
            return "output layer"
        return "LoRA matmuls" if rank in dims else "frozen matmuls"
    if name.startswith("aten::_foreach") or "adam" in name.lower():  # foreach / fused AdamW (GPU); on a
        return "optimizer"  # CPU it runs single-tensor elementwise ops, counted with those
    if name.split("::")[-1].rstrip("_") in {"mul", "add", "sub", "div", "neg", "pow", "rsqrt", "silu", "silu_backward",
                                            "copy", "fill", "cat", "sum", "mean", "cos", "sin", "zero", "clone",
                                            "where", "masked_fill", "native_dropout", "native_dropout_backward",
                                            "embedding_dense_backward", "index_select", "threshold_backward",
                                            "_to_copy", "contiguous", "mul_", "add_", "exp", "lt", "gt", "bernoulli"}:
        return "elementwise + copies"
    return "other ops"


def profile_step(model, tokenizer, examples, config: FinetuneConfig) -> dict:
    """One optimizer step of the default (forward + backward over its micro-batches, AdamW step)."""
    from torch.profiler import ProfilerActivity, profile

    collator = training_collator(tokenizer, config.packing, config.head_on_answers_only)
    batches = [collator([dict(e) for e in examples[i:i + config.per_device_train_batch_size]])
               for i in range(0, config.per_device_train_batch_size * config.gradient_accumulation_steps,
                              config.per_device_train_batch_size)]
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    model.train()

    def step():
        for batch in batches:
            model(**batch).loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    step()  # warm-up: allocator, optimizer state
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        started = time.perf_counter()
        step()
        wall = time.perf_counter() - started
    totals = dict.fromkeys(CATEGORIES, 0.0)
    for event in prof.key_averages(group_by_input_shape=True):
        if event.key.startswith("aten::") and event.self_cpu_time_total > 0:
            totals[categorise(event, config.lora.r, model.config.vocab_size)] += event.self_cpu_time_total / 1e6
    totals["Python / framework (wall - ops)"] = max(0.0, wall - sum(totals.values()))
    tokens = sum(int(b["input_ids"].numel()) for b in batches)
    return {"wall_seconds": round(wall, 2), "tokens": tokens,
            "seconds": {k: round(v, 3) for k, v in totals.items()},
            "share": {k: round(v / wall, 4) for k, v in totals.items()}}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", type=Path, default=REPO / "models" / "base")
    p.add_argument("--data", type=Path, default=REPO / "data" / "tokenized")
    p.add_argument("--steps", type=int, default=3, help="optimizer steps per variant (effective batch 4)")
    p.add_argument("--variants", nargs="+", default=None,
                   help="default: every eager way; a compiled one (compiled_regions, compiled, and default, which is "
                        "regions) runs alone: its OpenMP threads slow eager ones")
    p.add_argument("--profile", action="store_true", help="profile one training step of the default first")
    p.add_argument("--rounds", type=int, default=1, help="alternating rounds over the variants (mean reported)")
    p.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "train_throughput.json")
    p.add_argument("--keep-group-of-one", action="store_true",
                   help="under accelerate launch --num_processes 1: keep the one-process DDP group (the "
                        "Trainer then wraps the model in DDP), to measure what the stage saves by dropping it")
    args = p.parse_args()
    if not args.keep_group_of_one:
        leave_one_process_group()  # as the finetune stage does
    logging.basicConfig(level=logging.WARNING)
    from datasets import load_from_disk

    default = load_section(FinetuneConfig, "finetune", REPO / "params.yaml")
    max_len = io.read_json(args.data / "format.json")["max_seq_len"]
    train = load_from_disk(str(args.data / "train")).select_columns(list(MODEL_COLUMNS))
    tokenizer = load_tokenizer(args.base)
    chosen = variants(default)
    compiled = {n for n, o in chosen.items() if o.get("torch_compile", default.torch_compile) != "eager"}
    cpu_has_bf16 = cpu_bf16_unit() is not None
    bf16_runs_here = torch.cuda.is_available() or cpu_has_bf16
    names = args.variants or [n for n in chosen if n not in compiled
                              and (bf16_runs_here or chosen[n].get("precision") != "bf16")]
    unknown = set(names) - set(chosen)
    if unknown:
        raise SystemExit(f"--variants: unknown {sorted(unknown)}; choose from {list(chosen)}")
    if len(names) > 1 and compiled & set(names):
        # Inductor's C++ kernels start their own OpenMP threads, which then slow every eager model in
        # the process (1.81x measured in one process against 1.25x apart): one compiled way per run.
        raise SystemExit(f"--variants: {sorted(compiled & set(names))} compile; run each in its own invocation "
                         "(--out per run) and alternate them with the eager ones")

    explicit_bf16 = [n for n in names if chosen[n].get("precision") == "bf16"]
    if explicit_bf16 and not bf16_runs_here:
        raise SystemExit(f"--variants: {explicit_bf16} train in bf16, which this CPU has no unit for (~100x slower "
                         "than fp32): leave them out")

    base_model = load_base_model(args.base, QuantConfig())
    flops_per_token = lora_flops_per_token(base_model)
    examples = [train[i] for i in range(16)]
    mean_len = round(sum(len(e["input_ids"]) for e in examples) / len(examples))
    rate = matmul_rate(base_model.config, mean_len)
    ceiling = rate * 1e9 / flops_per_token
    # bf16 trains against bf16's own ceiling, where this CPU has the units to measure it
    rate_bf16 = matmul_rate(base_model.config, mean_len, dtype=torch.bfloat16) if cpu_has_bf16 else None
    ceilings = {"fp32": ceiling, "bf16": rate_bf16 * 1e9 / flops_per_token if rate_bf16 else None}
    print(json.dumps({"matmul_gflops": round(rate, 1), "matmul_gflops_bf16": rate_bf16 and round(rate_bf16, 1),
                      "flops_per_token": flops_per_token, "ceiling_tokens_per_s": round(ceiling, 1),
                      "seq_len": mean_len}), flush=True)

    profile = None
    if args.profile:
        profile = profile_step(build_peft_model(base_model, default, quantized=False), tokenizer, examples, default)
        print(json.dumps(profile), flush=True)
    del base_model

    # Rounds alternate the variants, so a machine whose speed drifts (±15 % between rounds on a shared
    # 2-core VM) slows them alike; the table gives each variant's mean over the rounds.
    runs = [dict(run_variant(n, chosen[n], default, args.base, tokenizer, train, args.steps, max_len), round=k)
            for k in range(args.rounds) for n in names]
    results = []
    for n in names:
        mine = [r for r in runs if r["variant"] == n]
        results.append({**mine[0], "rounds": len(mine),
                        "supervised_tokens_per_s_per_round": [r["supervised_tokens_per_s"] for r in mine],
                        **{k: round(sum(r[k] for r in mine) / len(mine), 2) if mine[0][k] is not None else None
                           for k in ("seconds", "supervised_tokens_per_s", "real_tokens_per_s",
                                     "past_first_step_supervised_tokens_per_s")}})
    rate_after = matmul_rate(load_base_model(args.base, QuantConfig()).config, mean_len)  # did the machine drift?

    reference = next((r for r in results if r["variant"] == "padded_1"), results[0])
    seed = next((r for r in results if r["variant"] == "seed"), None)
    bf16_note = (f"; bf16 {rate_bf16:.0f} GFLOP/s -> {ceilings['bf16']:.0f} tokens/s (bf16 variants' share)"
                 if rate_bf16 else "")
    print(f"\nLoRA r {default.lora.r} on {len(default.lora.target_modules)} projections, {args.steps} optimizer "
          f"steps of 4 examples each; fp32 matmul ceiling {rate:.0f} GFLOP/s before, {rate_after:.0f} after "
          f"-> {ceiling:.0f} tokens/s at 4 N = {flops_per_token / 1e9:.2f} GFLOP per token{bf16_note}\n")
    print("| variant | precision | supervised tokens/s | past step 1 | vs seed | vs padded_1 | share of its "
          "precision's ceiling (supervised / all tokens) | share of fp32's | padding | loss per step | "
          "max loss diff vs padded_1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        same_labels = not r["settings"].get("seed_way") and r["settings"].get("lora", {}).get("dropout", 0) == 0
        diff = (max(abs(a - b) / abs(b) for a, b in zip(r["losses"], reference["losses"]))
                if same_labels and len(r["losses"]) == len(reference["losses"]) else None)
        r["max_rel_loss_diff"] = diff
        vs_seed = f"{r['supervised_tokens_per_s'] / seed['supervised_tokens_per_s']:.2f}x" if seed else "-"
        past = r["past_first_step_supervised_tokens_per_s"]
        own = ceilings.get(r["precision"]) or ceiling
        r["share_of_ceiling"] = round(r["supervised_tokens_per_s"] / own, 4)
        print(f"| {r['variant']} | {r['precision']} | {r['supervised_tokens_per_s']:.1f} | "
              f"{'-' if past is None else f'{past:.1f}'} | {vs_seed} | "
              f"{r['supervised_tokens_per_s'] / reference['supervised_tokens_per_s']:.2f}x | "
              f"{r['supervised_tokens_per_s'] / own:.0%} / {r['real_tokens_per_s'] / own:.0%} | "
              f"{r['supervised_tokens_per_s'] / ceiling:.0%} | "
              f"{r['padding_share']:.0%} | {', '.join(f'{x:.4f}' for x in r['losses'])} | "
              f"{'n/a' if diff is None else f'{diff:.1e}'} |")
    if profile:
        print(f"\nOne optimizer step of the default ({profile['tokens']} tokens, {profile['wall_seconds']} s "
              "under the profiler)\n\n| where | seconds | share |\n|---|---|---|")
        for k in CATEGORIES:
            print(f"| {k} | {profile['seconds'][k]:.2f} | {profile['share'][k]:.0%} |")

    io.write_json(args.out, {
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "torch": torch.__version__,
                    "load_average": os.getloadavg()},
        "matmul_gflops": round(rate, 1), "matmul_gflops_after": round(rate_after, 1),
        "matmul_gflops_bf16": rate_bf16 and round(rate_bf16, 1),
        "ceiling_tokens_per_s_bf16": ceilings["bf16"] and round(ceilings["bf16"], 1),
        "flops_per_token": flops_per_token, "ceiling_tokens_per_s": round(ceiling, 1), "steps": args.steps,
        "rounds": args.rounds, "results": results, "profile": profile})
    print(f"\n-> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
