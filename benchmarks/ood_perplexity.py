"""Out-of-distribution check: perplexity of another source's reference answers, base vs fine-tuned.

Does fine-tuning on the sample set make the model worse at HTML from elsewhere (PITFALLS #11)?
The pairs are read and tokenized exactly as `evaluate.extra_sets` does (fetch's schemas, the
training prompt format), and scored with per-row answer NLL; the figures come with 95 % bootstrap
intervals and the paired difference. Perplexity only: cheap enough for hundreds of rows on a CPU
(the full evaluation with generation and rendering is `evaluate.extra_sets`).

    python benchmarks/ood_perplexity.py --source ../shared/datasets/alpaca_webgen_html.json --max-examples 128
    python benchmarks/ood_perplexity.py --source ... --by-token   # + where the difference sits, by kind of token

``--by-token`` scores each answer token alone (batch 1) and splits the fine-tuned minus base NLL by
kind of token (the answer's first token, tokens 2-4, line breaks, markup, words, end-of-turn), as a
share of the mean NLL difference: it says what the adapter learned too firmly (a skeleton, an
indentation) rather than only that it did.

Results: benchmarks/results/ood_perplexity.json (keyed by source).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import torch  # noqa: E402

from htmlgen import evaluation, io, metrics  # noqa: E402
from htmlgen.prompting import IGNORE_INDEX  # noqa: E402
from htmlgen.config import ExtraSet  # noqa: E402
from htmlgen.modeling import load_adapted_model, load_base_model, load_tokenizer  # noqa: E402


def token_kind(text: str, position: int, last: bool) -> str:
    if last:
        return "end-of-turn"
    if position == 0:
        return "first answer token"
    if position < 4:
        return "answer tokens 2-4"
    if not text.strip():
        return "line break + indentation" if "\n" in text else "spaces / tabs"
    if any(c in text for c in "<>/=\""):
        return "markup (< > / = \")"
    return "word" if text.strip().isalpha() else "other"


@torch.no_grad()
def token_nll(model, examples: list[dict]) -> list[tuple[list[int], list[float]]]:
    """(answer token ids, their NLLs) per example, one example at a time (no padding)."""
    out = []
    for e in examples:
        ids, labels = torch.tensor([e["ppl_input_ids"]]), torch.tensor([e["ppl_labels"]])
        logits = model(input_ids=ids).logits[0, :-1].float()
        target = labels[0, 1:]
        keep = target != IGNORE_INDEX
        nll = torch.nn.functional.cross_entropy(logits[keep], target[keep], reduction="none")
        out.append((target[keep].tolist(), nll.tolist()))
    return out


def by_token_kind(tokenizer, base, finetuned) -> dict:
    kinds: dict[str, list[float]] = {}
    total = 0
    for (ids, nll_base), (_, nll_tuned) in zip(base, finetuned, strict=True):
        total += len(ids)
        for position, (token, a, b) in enumerate(zip(ids, nll_base, nll_tuned, strict=True)):
            kind = token_kind(tokenizer.decode([token]), position, position == len(ids) - 1)
            entry = kinds.setdefault(kind, [0, 0.0, 0.0])
            entry[0] += 1
            entry[1] += a
            entry[2] += b
    rows = {kind: {"tokens": n, "base_nll": round(a / n, 3), "finetuned_nll": round(b / n, 3),
                   "nll_difference_per_answer_token": round((b - a) / total, 4)}
            for kind, (n, a, b) in sorted(kinds.items(), key=lambda kv: kv[1][1] - kv[1][2])}
    print(f"\n| token kind | tokens | base NLL | fine-tuned NLL | of the mean NLL difference |\n|---|---|---|---|---|")
    for kind, r in rows.items():
        print(f"| {kind} | {r['tokens']} | {r['base_nll']} | {r['finetuned_nll']} | "
              f"{r['nll_difference_per_answer_token']:+.4f} |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="a local file or hf:<id>, any schema fetch reads")
    parser.add_argument("--max-examples", type=int, default=128)
    parser.add_argument("--base", type=Path, default=ROOT / "models/base")
    parser.add_argument("--adapter", type=Path, default=ROOT / "models/lora")
    parser.add_argument("--tokenized", type=Path, default=ROOT / "data/tokenized", help="for the prompt format")
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--by-token", action="store_true", help="also split the difference by kind of token")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/ood_perplexity.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", datefmt="%H:%M:%S")

    tokenizer = load_tokenizer(args.adapter)
    data_format = io.read_json(args.tokenized / "format.json")
    examples = evaluation.extra_set_examples(ExtraSet(name="ood", source=args.source, max_examples=args.max_examples),
                                             tokenizer, data_format)
    scored, per_token = {}, {}
    for name in ("base", "finetuned"):
        started = time.perf_counter()
        model = (load_base_model(args.base) if name == "base"
                 else load_adapted_model(args.base, args.adapter).merge_and_unload())
        model.eval()
        scored[name] = evaluation.perplexity_rows(model, examples, tokenizer, args.batch_size)
        if args.by_token:
            per_token[name] = token_nll(model, [e for e in examples if e["ppl_input_ids"] is not None])
        logging.info("%s: %d rows in %.0f s", name, len(examples), time.perf_counter() - started)
    rows = [i for i, value in enumerate(scored["base"]) if value is not None]
    nll = {name: [scored[name][i][0] for i in rows] for name in scored}
    tokens = [scored["base"][i][1] for i in rows]
    result = {
        "source": args.source, "examples": len(examples), "scored": len(rows),
        "format": data_format,
        "base": metrics.bootstrap_perplexity(nll["base"], tokens),
        "finetuned": metrics.bootstrap_perplexity(nll["finetuned"], tokens),
        "delta": metrics.bootstrap_perplexity_difference(nll["base"], tokens, nll["finetuned"], tokens),
    }
    if args.by_token:
        result["by_token_kind"] = by_token_kind(tokenizer, per_token["base"], per_token["finetuned"])
    print(json.dumps(result, indent=2))
    previous = json.loads(args.out.read_text()) if args.out.is_file() else {}
    previous[args.source] = result
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(previous, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
