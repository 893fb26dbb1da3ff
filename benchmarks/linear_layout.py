"""Why decoding re-lays the linear weights column-major on a CPU (htmlgen.generation.decode_layout).

One ``torch.nn.functional.linear`` call at SmolLM2-135M's shapes, for the row counts a decoding
step (1-32 rows), a small prefill (64) and a perplexity row or training example (600) multiply,
with the weight as loaded (row-major, ``[out, in]`` contiguous) and column-major (the transpose
contiguous: same values, same shape). fp32, this machine's torch threads, best of 3 rounds.

    python benchmarks/linear_layout.py

Results: benchmarks/results/linear_layout.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
# (out, in): attention q/o, MLP gate/up, MLP down, the tied output layer.
SHAPES = {"576x576": (576, 576), "1536x576": (1536, 576), "576x1536": (576, 1536), "49152x576": (49152, 576)}


def per_call(fn, calls: int) -> float:
    fn()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - started) / calls)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1, 4, 16, 32, 64, 600])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/linear_layout.json")
    args = parser.parse_args()
    torch.manual_seed(0)
    results = []
    for rows in args.rows:
        for name, (out_features, in_features) in SHAPES.items():
            weight = torch.randn(out_features, in_features)
            column_major = weight.t().contiguous().t()
            x = torch.randn(rows, in_features)
            torch.testing.assert_close(torch.nn.functional.linear(x, column_major),
                                       torch.nn.functional.linear(x, weight), rtol=1e-4, atol=1e-4)
            calls = max(2, int(2e8 / (rows * out_features * in_features)))
            row_s = per_call(lambda: torch.nn.functional.linear(x, weight), calls)
            col_s = per_call(lambda: torch.nn.functional.linear(x, column_major), calls)
            flops = 2 * rows * out_features * in_features
            results.append({"rows": rows, "weight": name, "row_major_ms": round(row_s * 1e3, 3),
                            "column_major_ms": round(col_s * 1e3, 3), "speedup": round(row_s / col_s, 2),
                            "row_major_gflops": round(flops / row_s / 1e9, 1),
                            "column_major_gflops": round(flops / col_s / 1e9, 1)})
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, load {os.getloadavg()[0]:.2f}")
    print("| rows | " + " | ".join(SHAPES) + " |\n|---" * 1 + "|---" * len(SHAPES) + "|")
    for rows in args.rows:
        cells = [f"{r['row_major_ms']} → {r['column_major_ms']} ({r['speedup']}×)" for r in results if r["rows"] == rows]
        print(f"| {rows} | " + " | ".join(cells) + " |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                                                "torch": torch.__version__, "threads": torch.get_num_threads(),
                                                "load_average": round(os.getloadavg()[0], 2)},
                                    "milliseconds_per_call": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
