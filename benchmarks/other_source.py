"""Another source's requests, generated and scored exactly as `evaluate` scores its test split, for
the base model and any number of adapters side by side; each adapter paired against the first model.

The held-out check of the README ("Another source"): how a model does on prompts unlike its
training data. `evaluate.extra_sets` does the same inside the pipeline (as an experiment); this
script compares several adapters in one run without touching the pipeline's outputs.

    python benchmarks/other_source.py --source ../shared/datasets/alpaca_webgen_html.json \\
        --max-examples 48 --models base=none default=models/lora other=/path/to/lora

Results: benchmarks/results/other_source.json (per model: summary with 95 % intervals; per
adapter: paired difference against the first model), rows under --rows-dir.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from htmlgen import evaluation, io  # noqa: E402
from htmlgen.artifacts import DataFormat  # noqa: E402
from htmlgen.config import EvaluateConfig, ExtraSet, GenerateConfig, load_section  # noqa: E402
from htmlgen.modeling import load_adapted_model, load_base_model, load_tokenizer  # noqa: E402

log = logging.getLogger("other_source")
TABLE = ("finished_page", "chrf", "markup_rougeL", "render_score", "new_tokens")


def load(base: Path, adapter: str):
    if adapter == "none":
        return load_base_model(base).eval()
    # Merged, as the evaluate stage scores the fine-tuned model.
    return load_adapted_model(base, adapter).merge_and_unload().eval()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="a local file or hf:<id>, any schema fetch reads")
    parser.add_argument("--max-examples", type=int, default=48)
    parser.add_argument("--models", nargs="+", required=True,
                        help="label=adapter folder, or label=none for the base model; the first is the reference")
    parser.add_argument("--base", type=Path, default=ROOT / "models/base")
    parser.add_argument("--tokenized", type=Path, default=ROOT / "data/tokenized", help="for the prompt format")
    parser.add_argument("--params", type=Path, default=ROOT / "params.yaml", help="generate and evaluate sections")
    parser.add_argument("--rows-dir", type=Path, default=Path(tempfile.gettempdir()) / "htmlgen-other-source")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/other_source.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", datefmt="%H:%M:%S")

    models = dict(m.split("=", 1) for m in args.models)
    generate = load_section(GenerateConfig, "generate", args.params)
    config = load_section(EvaluateConfig, "evaluate", args.params)
    data_format = DataFormat.read(args.tokenized).to_dict()
    name = "other_source"
    extra = ExtraSet(name=name, source=args.source, max_examples=args.max_examples)
    examples = evaluation.extra_set_examples(extra, load_tokenizer(args.base), data_format)
    references = args.rows_dir / "reference"
    rows, summaries, seconds = {}, {}, {}
    for number, (label, adapter) in enumerate(models.items()):
        started = time.perf_counter()
        model = load(args.base, adapter)
        tokenizer = load_tokenizer(args.base if adapter == "none" else adapter)
        # The first model renders the references, the others read them.
        rows[label] = evaluation.score_model(model, tokenizer, {name: examples}, data_format["system_prompt"],
                                             generate, config, args.rows_dir / label, references,
                                             render_references=number == 0,
                                             context_tokens=evaluation.context_tokens_of(data_format))[name]
        seconds[label] = round(time.perf_counter() - started, 1)
        summaries[label] = evaluation.summarise(rows[label], config.bootstrap_samples)
        del model

    first = next(iter(models))
    paired = {label: evaluation.paired_difference(rows[first], rows[label], config.bootstrap_samples)
              for label in models if label != first}
    print(f"\n{len(examples)} requests from {args.source}, decoding from {args.params}")
    print("| model | " + " | ".join(TABLE) + " | perplexity | seconds |")
    print("|---" * (len(TABLE) + 3) + "|")
    for label in models:
        summary = summaries[label]
        cells = [f"{summary[k]['mean']:.3f}" if k in summary else "–" for k in (*TABLE, "perplexity")]
        print(f"| {label} | " + " | ".join(cells) + f" | {seconds[label]} |")
    for label, delta in paired.items():
        print(f"\n{label} − {first} (paired, 95 %): " + ", ".join(
            f"{k} {delta[k]['mean']:+.3f} [{delta[k]['ci95'][0]:+.3f}, {delta[k]['ci95'][1]:+.3f}]"
            for k in (*TABLE, "perplexity") if k in delta))

    previous = json.loads(args.out.read_text()) if args.out.is_file() else {}
    previous[args.source] = {"examples": len(examples), "models": models, "generate": dataclasses.asdict(generate),
                             "summary": summaries, f"paired_vs_{first}": paired, "seconds": seconds}
    io.write_json(args.out, previous)
    print(f"\nrows in {args.rows_dir}, figures in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
