"""Two sets of answers to the same prompts, compared pair by pair: B minus A with 95% bootstrap intervals.

`dvc exp show` gives each experiment's means; whether B really beats A on 32 prompts is a paired
question (the same prompt is easy or hard for both). Each file holds scored rows as `evaluate`
writes them (data/eval/finetuned/test.jsonl, data/eval/base/test.jsonl) or as
`benchmarks/decoding.py --rows-dir` does; rows are joined by id.

    python benchmarks/paired.py A.jsonl B.jsonl [--part out_of_distribution] [--ids ids.json]

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
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--part", help="only rows of this part (in_distribution, out_of_distribution)")
    parser.add_argument("--ids", type=Path, help="a JSON list of row ids: only these rows")
    parser.add_argument("--samples", type=int, default=2000, help="bootstrap resamples")
    parser.add_argument("--out", type=Path, help="also write the comparison as JSON")
    args = parser.parse_args(argv)

    def rows(path: Path) -> list[dict]:
        selected = io.read_jsonl(path)
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
