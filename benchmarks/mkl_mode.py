"""MKL's reproducible mode (``MKL_CBWR=AUTO``, which importing htmlgen sets) against MKL's own default
(``MKL_CBWR=`` empty), side by side: each mode in its own processes (MKL reads the variable once, at
its first call), the modes alternated round by round.

1. *Kernels*: fp32 ``linear`` GFLOP/s at SmolLM2's shapes for the rows a decoding step multiplies
   (8, 32, 64; weights column-major, as decoding lays them) and a training or perplexity row (650,
   row-major); and milliseconds of one decoding pass of SmolLM2 (rows x 1 or 2 new positions over
   500 cached, the drafting attention of ``htmlgen.speculation``), with a digest of each output, so
   the table also says whether the two modes compute the same bits.
2. *Generation* (``--generation``): the evaluate stage's decoding of the test prompts with the
   fine-tuned model merged (``generate`` section of params.yaml, ``evaluate.draft_tokens``), its
   seconds and whether the answers are identical between the modes.

    python benchmarks/mkl_mode.py [--rounds 2] [--generation]

Results: benchmarks/results/mkl_mode.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = {"default": "", "AUTO": "AUTO"}  # the value of MKL_CBWR in the child; empty = MKL's default
SHAPES = {"gate/up 1536x576": (1536, 576), "down 576x1536": (576, 1536), "q/o 576x576": (576, 576),
          "output layer 49152x576": (49152, 576)}
ROWS = (8, 32, 64, 650)
PASS_ROWS = (32, 16, 4, 1)
CACHED = 500


def digest(tensor) -> str:
    return hashlib.md5(tensor.detach().numpy().tobytes()).hexdigest()[:8]


def kernels(base: Path) -> dict:
    import torch

    from htmlgen.generation import kv_cache, use_decode_layout
    from htmlgen.modeling import load_base_model
    from htmlgen.speculation import drafting_attention

    def seconds_per_call(fn, calls: int) -> float:
        for _ in range(3):
            fn()
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - started) / calls

    generator = torch.Generator().manual_seed(0)
    gemm = {}
    for name, (out_features, in_features) in SHAPES.items():
        weight = torch.randn(out_features, in_features, generator=generator) * 0.02
        for rows in ROWS:
            w = weight if rows > 64 else weight.t().contiguous().t()
            x = torch.randn(rows, in_features, generator=generator)
            calls = max(3, int(2e10 / (2 * rows * in_features * out_features)))
            s = seconds_per_call(lambda: torch.nn.functional.linear(x, w), min(calls, 300))
            gemm[f"{name}, {rows} rows"] = {"gflops": round(2 * rows * in_features * out_features / s / 1e9, 1),
                                            "digest": digest(torch.nn.functional.linear(x, w))}

    model = load_base_model(base).eval()
    use_decode_layout(model)
    passes = {}
    with torch.no_grad(), drafting_attention(model):
        for rows in PASS_ROWS:
            cache = kv_cache(model, CACHED + 4)
            for layer in cache.layers:  # a filled cache without a prefill: the pass costs the same
                states = torch.zeros(rows, model.config.num_key_value_heads, 1,
                                     model.config.hidden_size // model.config.num_attention_heads)
                layer.lazy_initialization(states, states)
                layer._key_buffer.normal_(0, 0.5, generator=generator)
                layer._value_buffer.normal_(0, 0.5, generator=generator)
            for width in (1, 2):
                ids = torch.randint(100, 40000, (rows, width), generator=generator)
                times = []
                for _ in range(7):
                    for layer in cache.layers:
                        layer.length = CACHED
                        layer._views()
                    started = time.perf_counter()
                    logits = model(input_ids=ids, past_key_values=cache, use_cache=True, logits_to_keep=width).logits
                    times.append(time.perf_counter() - started)
                passes[f"{rows} rows x {width}"] = {"ms": round(1000 * sorted(times)[len(times) // 2], 1),
                                                    "digest": digest(logits)}
    return {"gemm": gemm, "passes": passes}


def generation(base: Path, adapter: Path, params: Path, splits: Path, tokenized: Path) -> dict:
    from htmlgen import evaluation, io
    from htmlgen.config import EvaluateConfig, GenerateConfig, load_section
    from htmlgen.generation import generate_answers
    from htmlgen.modeling import load_adapted_model, load_tokenizer
    from htmlgen.prompting import encode_prompt

    config = load_section(GenerateConfig, "generate", params)
    evaluate = load_section(EvaluateConfig, "evaluate", params)
    tokenizer = load_tokenizer(adapter)
    model = load_adapted_model(base, adapter).merge_and_unload().eval()  # as evaluate runs it
    system = io.read_json(tokenized / "format.json")["system_prompt"]
    prompts = [encode_prompt(tokenizer, e["prompt"], system) for e in evaluation.test_examples(splits, tokenized, None)]
    started = time.perf_counter()
    completions = generate_answers(model, tokenizer, prompts, config, evaluate.batch_size,
                                   drafts=evaluate.draft_tokens)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 1), "prompts": len(prompts), "answer_tokens": sum(c.new_tokens for c in completions),
            "answers_digest": hashlib.md5(json.dumps([c.text for c in completions]).encode()).hexdigest()[:8]}


def child(args) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(args.threads)
    if args.child == "kernels":
        result = kernels(args.base)
    else:
        result = generation(args.base, args.adapter, args.params, args.splits, args.tokenized)
    result["mkl_cbwr"] = os.environ.get("MKL_CBWR")
    print("RESULT " + json.dumps(result))


def run_child(part: str, mode: str, args) -> dict:
    env = {**os.environ, "MKL_CBWR": MODES[mode]}
    command = [sys.executable, __file__, "--child", part, "--threads", str(args.threads), "--base", str(args.base),
               "--adapter", str(args.adapter), "--params", str(args.params), "--splits", str(args.splits),
               "--tokenized", str(args.tokenized)]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    assert result["mkl_cbwr"] == MODES[mode], result["mkl_cbwr"]
    return result


def mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 1)


def compare(kernel_runs: dict[str, list[dict]], section: str, unit: str, faster_is_higher: bool) -> dict:
    """One table's rows: each key's mean over the rounds in both modes, the speed-up, and whether
    every round computed the same bits in both; printed as markdown rows under the caller's header."""
    print("|---|---|---|---|---|")
    rows = {}
    for key in kernel_runs["default"][0][section]:
        a, b = ([r[section][key] for r in kernel_runs[mode]] for mode in MODES)
        same = all(x["digest"] == y["digest"] for x, y in zip(a, b, strict=True))
        row = {"default": mean([x[unit] for x in a]), "AUTO": mean([y[unit] for y in b]), "same_bits": same}
        speedup = row["AUTO"] / row["default"] if faster_is_higher else row["default"] / row["AUTO"]
        rows[key] = row
        print(f"| {key} | {row['default']} | {row['AUTO']} | {speedup:.2f}x | {same} |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, default=ROOT / "models/base")
    parser.add_argument("--adapter", type=Path, default=ROOT / "models/lora")
    parser.add_argument("--params", type=Path, default=ROOT / "params.yaml")
    parser.add_argument("--splits", type=Path, default=ROOT / "data/split")
    parser.add_argument("--tokenized", type=Path, default=ROOT / "data/tokenized")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--generation", action="store_true", help="also the evaluate stage's generation (~3 min a run)")
    parser.add_argument("--child", choices=["kernels", "generation"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/mkl_mode.json")
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0

    parts = ["kernels"] + (["generation"] if args.generation else [])
    runs: dict[str, dict[str, list[dict]]] = {part: {mode: [] for mode in MODES} for part in parts}
    for round_ in range(args.rounds):
        for part in parts:
            for mode in MODES:
                print(f"round {round_ + 1}: {part}, MKL_CBWR={MODES[mode]!r} ...", flush=True)
                runs[part][mode].append(run_child(part, mode, args))

    kernel_runs = runs["kernels"]
    print(f"\nfp32 linear, GFLOP/s ({args.threads} threads; mean of {args.rounds} rounds, each mode in its own process)")
    print("| shape, rows | MKL default | MKL_CBWR=AUTO | speed-up | same bits |")
    table = {"gemm": compare(kernel_runs, "gemm", "gflops", faster_is_higher=True)}
    print(f"\nOne decoding pass of SmolLM2 over {CACHED} cached positions, ms (median of 7; mean of the rounds)")
    print("| rows x new positions | MKL default | MKL_CBWR=AUTO | speed-up | same logits bits |")
    table["passes"] = compare(kernel_runs, "passes", "ms", faster_is_higher=False)
    if "generation" in runs:
        a, b = (runs["generation"][mode] for mode in MODES)
        table["generation"] = {mode: runs["generation"][mode] for mode in MODES}
        print("\nThe evaluate stage's generation (fine-tuned, merged), seconds per round")
        print("| MKL default | MKL_CBWR=AUTO | speed-up (means) | answer tokens | answers identical |")
        print("|---|---|---|---|---|")
        same = all(x["answers_digest"] == y["answers_digest"] for x, y in zip(a, b, strict=True))
        sa, sb = [x["seconds"] for x in a], [y["seconds"] for y in b]
        print(f"| {' / '.join(map(str, sa))} | {' / '.join(map(str, sb))} | {mean(sa) / mean(sb):.2f}x "
              f"| {a[0]['answer_tokens']} / {b[0]['answer_tokens']} | {same} |")
    result = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                                                                  "processor": cpu_name(),
                                                                  "load_average_end": round(os.getloadavg()[0], 2)},
              "threads": args.threads, "rounds": args.rounds, **table}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nfigures in {args.out}")
    return 0


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    raise SystemExit(main())
