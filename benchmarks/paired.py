"""Two sets of answers to the same prompts, compared pair by pair: B minus A with 95% bootstrap intervals.

`dvc exp show` gives each experiment's means; whether B really beats A on 32 prompts is a paired
question (the same prompt is easy or hard for both). Each file holds scored rows as `evaluate`
writes them (data/eval/finetuned/test.jsonl, data/eval/base/test.jsonl) or as
`benchmarks/decoding.py --rows-dir` does; rows are joined by id.

    python benchmarks/paired.py A.jsonl B.jsonl [--part out_of_distribution] [--ids ids.json]

A side may be several runs of one recipe (training seeds, sampling seeds), comma-separated:
each prompt's metrics are then its mean over those runs, and the pairs are still prompts (the
interval is over prompts, as it must be when the same 32 prompts are asked in every run):

    python benchmarks/paired.py shuffle_s42.seed0.jsonl,shuffle_s43.seed0.jsonl stratified_s42.seed0.jsonl,...

An experiment's rows: `dvc exp apply <name>` (or `git show <exp-ref>:dvc.lock` and the DVC cache).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from htmlgen import evaluation, io  # noqa: E402

METRICS = ("finished_page", "chrf", "markup_rougeL", "render_score", "perplexity", "new_tokens")


def pool_runs(runs: list[list[dict]]) -> list[dict]:
    """One row per prompt that every run answered: each metric the mean over the runs."""
    if len(runs) == 1:
        return runs[0]
    by_run = [{r["id"]: r for r in rows} for rows in runs]
    common = [i for i in by_run[0] if all(i in run for run in by_run[1:])]
    pooled = []
    for row_id in common:
        rows = [run[row_id] for run in by_run]
        row = {"id": row_id, "part": rows[0].get("part"), "runs": len(rows)}
        for name in (*evaluation.MEAN_METRICS, "nll", "nll_tokens"):
            values = [float(r[name]) for r in rows if r.get(name) is not None]
            if len(values) == len(rows):
                row[name] = sum(values) / len(values)
        pooled.append(row)
    return pooled


def compare(a_rows: list[dict], b_rows: list[dict], samples: int) -> dict:
    """Means of A and B and the paired difference B - A on the ids both have."""
    common = {r["id"] for r in a_rows} & {r["id"] for r in b_rows}
    if not common:
        raise SystemExit("the two files share no row id: are they answers to the same test split?")
    a_rows = [r for r in a_rows if r["id"] in common]
    b_rows = [r for r in b_rows if r["id"] in common]
    return {"examples": len(common), "a": evaluation.summarise(a_rows, samples),
            "b": evaluation.summarise(b_rows, samples),
            "b_minus_a": evaluation.paired_difference(a_rows, b_rows, samples)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", help="rows file, or several runs' files comma-separated (pooled per prompt)")
    parser.add_argument("b", help="the same for B")
    parser.add_argument("--part", help="only rows of this part (in_distribution, out_of_distribution)")
    parser.add_argument("--ids", type=Path, help="a JSON list of row ids: only these rows")
    parser.add_argument("--samples", type=int, default=2000, help="bootstrap resamples")
    parser.add_argument("--out", type=Path, help="also write the comparison as JSON")
    args = parser.parse_args(argv)

    def rows(paths: str) -> list[dict]:
        selected = pool_runs([io.read_jsonl(Path(path)) for path in paths.split(",")])
        if args.part:
            selected = [r for r in selected if r.get("part") == args.part]
        if args.ids:
            wanted = set(json.loads(args.ids.read_text()))
            selected = [r for r in selected if r["id"] in wanted]
        return selected

    result = compare(rows(args.a), rows(args.b), args.samples)
    print(f"{result['examples']} prompts, A = {args.a}, B = {args.b}")
    print("| metric | A | B | B − A (paired, 95 %) |\n|---|---|---|---|")
    for name in METRICS:
        if name in result["b_minus_a"]:
            low, high = result["b_minus_a"][name]["ci95"]
            print(f"| {name} | {result['a'][name]['mean']:.3f} | {result['b'][name]['mean']:.3f} | "
                  f"{result['b_minus_a'][name]['mean']:+.3f} [{low:+.3f}, {high:+.3f}] |")
    if args.out:
        io.write_json(args.out, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
