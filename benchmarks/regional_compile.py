"""Regional torch.compile against eager: LoRA forward + backward on SmolLM2, each way in its own process.

`finetune.torch_compile: model` compiles the whole model through the Trainer (one graph of all 30
decoder layers: 763 s to compile here). Compiling each decoder layer on its own, one code object the
30 layers share, costs one layer's compile (`torch_compile: regions`, the stage's default now,
finetune.compile_decoder_layers). This measures that way against eager on the same token sequences, in separate
processes run alternately (inductor's C++ kernels bring their own OpenMP threads, which slow an
eager model in the same process), and checks the loss agrees. Each process compiles cold (its own
empty inductor cache), as a first `dvc repro` does; it reports the dynamo graphs compiled and the
seconds dynamo spent compiling. `regions_recompiling` is the stage's way before 2026-12-07:
layer 0, whose input from the frozen embedding needs no gradient, got a graph of its own, and every
trace was done twice (floats traced as symbols first).

    python benchmarks/regional_compile.py [--rounds 2] [--ways eager,regions,regions_recompiling]
        [--lengths 650,900,400,1000,550,800,700,610]

Results: benchmarks/results/regional_compile.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(way: str, base: Path, lengths: list[int]) -> dict:
    """One process: build the LoRA model, compile its layers (way 'regions'), time each sequence."""
    import torch
    from peft import LoraConfig, get_peft_model

    sys.path.insert(0, str(ROOT / "src"))
    from htmlgen.config import FinetuneConfig
    from htmlgen.modeling import load_base_model

    lora = FinetuneConfig().lora  # the stage's adapter; B random too, so the loss check sees the LoRA path
    torch.manual_seed(0)
    model = get_peft_model(load_base_model(base), LoraConfig(r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout,
                                                             init_lora_weights=False,
                                                             target_modules=lora.target_modules))
    model.train()
    started = time.perf_counter()
    if way == "regions":
        from htmlgen.stages.finetune import compile_decoder_layers

        compile_decoder_layers(model)  # as the stage does: one code object, compiled once, reused
    elif way == "regions_recompiling":
        for layer in model.base_model.model.model.layers:
            layer.compile(dynamic=True)
    generator = torch.Generator().manual_seed(1)

    def step(ids):
        t = time.perf_counter()
        out = model(input_ids=ids, labels=ids, use_cache=False)
        out.loss.backward()
        model.zero_grad(set_to_none=True)
        return time.perf_counter() - t, out.loss.item()

    for n in (300, 517):  # warm-up (and, compiled, the compile): two lengths, so shapes are dynamic
        step(torch.randint(0, 49152, (1, n), generator=generator))
    warm_up_s = time.perf_counter() - started
    seconds, losses = [], []
    for n in lengths:
        s, loss = step(torch.randint(0, 49152, (1, n), generator=generator))
        seconds.append(round(s, 3))
        losses.append(round(loss, 6))
    from torch._dynamo.utils import compilation_time_metrics, counters

    return {"way": way, "warm_up_s": round(warm_up_s, 1), "seconds": seconds, "losses": losses,
            "tokens_per_s": round(sum(lengths) / sum(seconds), 1),
            "graphs": counters["stats"]["unique_graphs"],
            "compile_s": round(sum(compilation_time_metrics.get("_compile.compile_inner", [])), 1)}


WAYS = ("eager", "regions", "regions_recompiling")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, default=ROOT / "models/base")
    parser.add_argument("--lengths", default="650,900,400,1000,550,800,700,610")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--ways", default="eager,regions", help="comma-separated, from " + ", ".join(WAYS))
    parser.add_argument("--way", choices=WAYS, help=argparse.SUPPRESS)  # child process
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/regional_compile.json")
    args = parser.parse_args()
    lengths = [int(n) for n in args.lengths.split(",")]
    ways = args.ways.split(",")
    if unknown := set(ways) - set(WAYS):
        parser.error(f"--ways: unknown {sorted(unknown)}; choose from {', '.join(WAYS)}")
    if args.way:
        print(json.dumps(measure(args.way, args.base, lengths)))
        return 0
    runs = []
    for round_ in range(args.rounds):
        for way in ways:
            with tempfile.TemporaryDirectory() as cache:  # a cold compile, as a first dvc repro's
                child = subprocess.run([sys.executable, __file__, "--way", way, "--base", str(args.base),
                                        "--lengths", args.lengths], capture_output=True, text=True, check=True,
                                       env=os.environ | {"TORCHINDUCTOR_CACHE_DIR": cache})
            run = json.loads(child.stdout.strip().splitlines()[-1]) | {"round": round_ + 1}
            print(f"round {run['round']} {way:20s} {run['tokens_per_s']:6.1f} tokens/s  warm-up "
                  f"{run['warm_up_s']:5.1f} s  {run['graphs']} graphs compiled in {run['compile_s']} s  "
                  f"losses {run['losses'][:3]}", flush=True)
            runs.append(run)
    by_way = {way: [r for r in runs if r["way"] == way] for way in ways}
    first = by_way[ways[0]]
    loss_gap = max((abs(a - b) for way in ways[1:] for e, r in zip(first, by_way[way])
                    for a, b in zip(e["losses"], r["losses"])), default=0.0)
    summary = {"lengths": lengths, "runs": runs, "max_loss_difference": loss_gap,
               "tokens_per_s_vs_" + ways[0]: {way: round(sum(r["tokens_per_s"] for r in group)
                                                      / sum(r["tokens_per_s"] for r in first), 2)
                                             for way, group in by_way.items()}}
    print("\n| way | tokens/s per round | warm-up (compile included) | graphs | dynamo compiling |\n"
          "|---|---|---|---|---|")
    for way, group in by_way.items():
        print(f"| {way} | {' / '.join(str(r['tokens_per_s']) for r in group)} | "
              f"{' / '.join(str(r['warm_up_s']) for r in group)} s | "
              f"{' / '.join(str(r['graphs']) for r in group)} | {' / '.join(str(r['compile_s']) for r in group)} s |")
    print(f"\ntokens/s against {ways[0]}: {summary['tokens_per_s_vs_' + ways[0]]}, "
          f"largest loss difference {loss_gap:.1e}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
