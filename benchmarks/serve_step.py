"""Time of one serving decode step, side by side: base + LoRA (peft layers) vs the LoRA merged into
the base at load, and merged with the weights re-laid column-major as the server does
(``generation.use_decode_layout``), at batch 1 and batch N; and the engine's token choice per step (penalties,
warpers, seeded draw) row by row as it was vs batched (htmlgen/sampling.py), with ``--selection``.

Variants run interleaved in one process (ratios hold even when other work shares the CPU);
the load average is printed with the figures.

    python benchmarks/serve_step.py --adapter models/adapter --batch 1,16 --threads 1
    python benchmarks/serve_step.py --profile 16   # torch.profiler table for one merged step
    python benchmarks/serve_step.py --selection --batch 16
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import torch

from htmlgen.generation import kv_cache, use_decode_layout
from htmlgen.modeling import load_exported
from htmlgen.prompting import encode_prompt
from htmlgen.serve.engine import merge_unless_quantized

PROMPT = "A landing page for a coffee shop with a menu and opening hours"


def prefilled(model, ids: list[int], batch: int, context: int):
    """A cache holding ``batch`` copies of a prompt padded to ``context`` tokens, as mid-answer."""
    ids = (ids * (context // len(ids) + 1))[:context]
    tokens = torch.tensor([ids] * batch)
    cache = kv_cache(model, context + 256)
    mask = torch.ones_like(tokens)
    model(input_ids=tokens, attention_mask=mask, past_key_values=cache, use_cache=True, logits_to_keep=1)
    return cache, mask


def step_times(model, ids: list[int], batch: int, context: int, steps: int) -> list[float]:
    cache, mask = prefilled(model, ids, batch, context)
    positions = torch.full((batch, 1), context)
    token = torch.full((batch, 1), ids[-1])
    times = []
    for _ in range(steps):
        mask = torch.cat([mask, mask.new_ones((batch, 1))], dim=-1)
        started = time.perf_counter()
        model(input_ids=token, attention_mask=mask, position_ids=positions, past_key_values=cache, use_cache=True)
        times.append(time.perf_counter() - started)
        positions = positions + 1
    return times


def selection_times(model, tokenizer, meta, ids: list[int], batch: int, context: int, steps: int) -> dict:
    """ms per step to pick every row's next token: the adapter's decoding at temperature 0.7."""
    import dataclasses

    from htmlgen.config import GenerateConfig, build
    from htmlgen.generation import sample, warpers
    from htmlgen.sampling import draw, penalise, warp

    decoding = build(GenerateConfig, meta.generate or {}, "generate")
    penalties = warpers(dataclasses.replace(decoding, do_sample=False), tokenizer)
    per_row = warpers(dataclasses.replace(decoding, do_sample=True, temperature=0.7, repetition_penalty=1.0,
                                          no_repeat_ngram_size=0, dry_multiplier=0.0), tokenizer)
    # Prompt + an answer of random tokens (a loop would make DRY the whole cost, alike in both).
    random = torch.Generator().manual_seed(0)
    histories = [ids + torch.randint(len(tokenizer), (context - len(ids),), generator=random).tolist()
                 for _ in range(batch)]
    logits = torch.randn((batch, len(tokenizer))) * 4
    times = {"row by row": [], "batched": []}
    for step in range(steps):
        generators = [torch.Generator().manual_seed(step * batch + i) for i in range(batch)]
        started = time.perf_counter()
        for i in range(batch):  # the engine before: one row at a time
            history = torch.tensor([histories[i]])
            scores = penalties(history, logits[i:i + 1].clone())
            int(sample(per_row(history, scores), generators[i]))
        times["row by row"].append(time.perf_counter() - started)
        started = time.perf_counter()
        scores = penalise(logits.clone(), histories, penalties)
        draw(warp(scores, [0.7] * batch, [decoding.top_p] * batch, decoding.min_p), generators).tolist()
        times["batched"].append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--adapter", default="models/adapter")
    parser.add_argument("--batch", default="1,16")
    parser.add_argument("--steps", type=int, default=8, help="timed steps per variant and round")
    parser.add_argument("--context", type=int, default=200, help="tokens already in the cache")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per variant")
    parser.add_argument("--profile", type=int, default=0, help="profile one merged step at this batch")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--selection", action="store_true", help="time the token choice, not the forward pass")
    args = parser.parse_args()
    torch.set_grad_enabled(False)
    if args.threads:
        torch.set_num_threads(args.threads)
    peft_model, tokenizer, meta = load_exported(args.adapter)
    if args.selection:
        ids = encode_prompt(tokenizer, PROMPT, meta.system_prompt)
        for batch in map(int, args.batch.split(",")):
            times = selection_times(peft_model, tokenizer, meta, ids, batch, args.context, args.steps * args.rounds)
            print(f"batch {batch:>3}: " + ", ".join(f"{name} {statistics.median(t) * 1000:.1f} ms/step"
                                                      for name, t in times.items())
                  + f"; load average {os.getloadavg()[0]:.2f}")
        return
    merged = merge_unless_quantized(load_exported(args.adapter)[0], meta)
    ids = encode_prompt(tokenizer, PROMPT, meta.system_prompt)
    if args.profile:
        from torch.profiler import ProfilerActivity, profile

        for name, model in (("unmerged", peft_model), ("merged", merged)):
            step_times(model, ids, args.profile, args.context, 3)  # warm up
            with profile(activities=[ProfilerActivity.CPU]) as prof:
                step_times(model, ids, args.profile, args.context, 5)
            print(f"--- {name}, batch {args.profile}, 5 steps")
            print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=15))
        return
    column_major = merge_unless_quantized(load_exported(args.adapter)[0], meta)
    use_decode_layout(column_major)
    variants = {"unmerged": peft_model, "merged": merged, "merged, column-major (served)": column_major}
    results: dict[tuple[str, int], list[float]] = {}
    for _ in range(args.rounds):
        for batch in map(int, args.batch.split(",")):
            for name, model in variants.items():
                results.setdefault((name, batch), []).extend(step_times(model, ids, batch, args.context, args.steps))
    print(f"load average {os.getloadavg()}, torch threads {torch.get_num_threads()}, context {args.context}")
    for batch in map(int, args.batch.split(",")):
        med = {name: statistics.median(results[(name, batch)]) * 1000 for name in variants}
        print(f"batch {batch:>3}: " + ", ".join(f"{n} {ms:.1f} ms/step ({batch / ms * 1000:.0f} tok/s)"
                                                  for n, ms in med.items())
              + f"; merged/unmerged {med['merged'] / med['unmerged']:.2f}, column-major/merged "
              f"{med['merged, column-major (served)'] / med['merged']:.2f}")


if __name__ == "__main__":
    main()
