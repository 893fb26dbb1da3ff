"""Out-of-distribution check: perplexity of another source's reference answers, base vs fine-tuned.

Does fine-tuning on the sample set make the model worse at HTML from elsewhere (PITFALLS #11)?
The pairs are read and tokenized exactly as `evaluate.extra_sets` does (fetch's schemas, the
training prompt format), and scored with per-row answer NLL; the figures come with 95 % bootstrap
intervals and the paired difference. Perplexity only: cheap enough for hundreds of rows on a CPU
(the full evaluation with generation and rendering is `evaluate.extra_sets`).

    python benchmarks/ood_perplexity.py --source ../shared/datasets/alpaca_webgen_html.json --max-examples 128

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

from htmlgen import evaluation, io, metrics  # noqa: E402
from htmlgen.config import ExtraSet  # noqa: E402
from htmlgen.modeling import load_adapted_model, load_base_model, load_tokenizer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="a local file or hf:<id>, any schema fetch reads")
    parser.add_argument("--max-examples", type=int, default=128)
    parser.add_argument("--base", type=Path, default=ROOT / "models/base")
    parser.add_argument("--adapter", type=Path, default=ROOT / "models/lora")
    parser.add_argument("--tokenized", type=Path, default=ROOT / "data/tokenized", help="for the prompt format")
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/ood_perplexity.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", datefmt="%H:%M:%S")

    tokenizer = load_tokenizer(args.adapter)
    data_format = io.read_json(args.tokenized / "format.json")
    examples = evaluation.extra_set_examples(ExtraSet(name="ood", source=args.source, max_examples=args.max_examples),
                                             tokenizer, data_format)
    scored = {}
    for name in ("base", "finetuned"):
        started = time.perf_counter()
        model = (load_base_model(args.base) if name == "base"
                 else load_adapted_model(args.base, args.adapter).merge_and_unload())
        model.eval()
        scored[name] = evaluation.perplexity_rows(model, examples, tokenizer, args.batch_size)
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
    print(json.dumps(result, indent=2))
    previous = json.loads(args.out.read_text()) if args.out.is_file() else {}
    previous[args.source] = result
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(previous, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
