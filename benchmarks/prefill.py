"""How long the evaluation's prefill takes: the test prompts run into the KV cache in one
left-padded pass (before) against groups of similar length (``generation.prefill``, now), side
by side in one process, rounds alternated.

The 32 test prompts are 59 to 162 tokens: one padded pass computes 32 x 162 = 5,184 positions
for 2,718 real ones; the groups compute a few more than the real ones in a few more passes.
Both fill the cache alike (the logits of each prompt's last token agree to float rounding,
tests/test_evaluate.py); this measures only the time.

    python benchmarks/prefill.py [--rounds 3] [--no-adapter]

Results: benchmarks/results/prefill.json.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402

from htmlgen import evaluation, generation, io  # noqa: E402
from htmlgen.modeling import load_adapted_model, load_base_model, load_tokenizer  # noqa: E402
from htmlgen.prompting import encode_prompt  # noqa: E402

WAYS = {"one padded pass": 1_000_000, "groups of similar length": None}  # PREFILL_PASS_POSITIONS


@torch.no_grad()
def timed_prefill(model, tokenizer, prompts, pass_positions) -> tuple[float, torch.Tensor, int, int]:
    """Seconds, last-token logits, positions computed and passes, with that cost per pass."""
    saved = generation.PREFILL_PASS_POSITIONS
    generation.PREFILL_PASS_POSITIONS = saved if pass_positions is None else pass_positions
    try:
        groups = generation.prefill_groups([len(p) for p in prompts], generation.PREFILL_PASS_POSITIONS)
        groups = groups if len(groups) > 1 else [list(range(len(prompts)))]
        positions = sum(len(g) * max(len(prompts[i]) for i in g) for g in groups)
        cache = generation.kv_cache(model, max(map(len, prompts)) + 8)
        with generation.decode_layout(model):  # as decode_batch runs it
            started = time.perf_counter()
            logits = generation.prefill(model, tokenizer, prompts, cache)
            seconds = time.perf_counter() - started
        return seconds, logits, positions, len(groups)
    finally:
        generation.PREFILL_PASS_POSITIONS = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, default=ROOT / "models/base")
    parser.add_argument("--adapter", type=Path, default=ROOT / "models/lora")
    parser.add_argument("--no-adapter", action="store_true", help="the base model alone (as evaluate_base)")
    parser.add_argument("--splits", type=Path, default=ROOT / "data/split")
    parser.add_argument("--tokenized", type=Path, default=ROOT / "data/tokenized")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/prefill.json")
    args = parser.parse_args()

    tokenizer = load_tokenizer(args.base if args.no_adapter else args.adapter)
    model = (load_base_model(args.base) if args.no_adapter
             else load_adapted_model(args.base, args.adapter).merge_and_unload()).eval()
    system = io.read_json(args.tokenized / "format.json")["system_prompt"]
    examples = evaluation.test_examples(args.splits, args.tokenized, None)
    # In order of length, as generate_answers batches them.
    prompts = sorted((encode_prompt(tokenizer, e["prompt"], system) for e in examples), key=len)
    timed_prefill(model, tokenizer, prompts[:2], None)  # warm-up: first-call allocations
    seconds: dict[str, list[float]] = {way: [] for way in WAYS}
    shape, logits = {}, {}
    for _ in range(args.rounds):
        for way, pass_positions in WAYS.items():
            took, logits[way], positions, passes = timed_prefill(model, tokenizer, prompts, pass_positions)
            seconds[way].append(round(took, 2))
            shape[way] = {"positions": positions, "passes": passes}
    first, *_ = WAYS
    rows = []
    print(f"{len(prompts)} prompts, {sum(map(len, prompts))} tokens; seconds per prefill (rounds alternated)")
    print(f"| way | passes | positions computed | seconds (each round) | best | speed-up |\n|---|---|---|---|---|---|")
    for way in WAYS:
        best = min(seconds[way])
        rows.append({"way": way, **shape[way], "seconds": seconds[way], "best_s": best,
                     "speedup": round(min(seconds[first]) / best, 2),
                     "max_logit_difference": float((logits[way] - logits[first]).abs().max())})
        print(f"| {way} | {shape[way]['passes']} | {shape[way]['positions']:,} | "
              f"{', '.join(f'{s:.2f}' for s in seconds[way])} | {best:.2f} | {rows[-1]['speedup']:.2f}x |")
    result = {"machine": {"processor": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                          "load_at_end": os.getloadavg()[0], "torch_threads": torch.get_num_threads()},
              "model": "base" if args.no_adapter else "fine-tuned, merged", "prompts": len(prompts),
              "prompt_tokens": sum(map(len, prompts)), "rows": rows}
    io.write_json(args.out, result)
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
