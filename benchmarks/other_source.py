"""Another source's requests, generated and scored exactly as `evaluate` scores its test split, for
the base model and any number of adapters side by side, paired.

The held-out check of the README ("Another source"): how a model does on prompts unlike its
training data. `evaluate.extra_sets` does the same inside the pipeline (as an experiment); this
script compares several adapters in one run without touching the pipeline's outputs. Every later
model is paired with every earlier one (B − A, joined by id, 95 % bootstrap intervals).

    python benchmarks/other_source.py --source ../shared/datasets/alpaca_webgen_html.json \\
        --max-examples 48 --models base=none default=models/lora other=/path/to/lora

Results: benchmarks/results/other_source.json (per model: summary with 95 % intervals; every
pair of models: paired difference), rows under --rows-dir.
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
from htmlgen.config import EvaluateConfig, ExtraSet, GenerateConfig, QuantConfig, load_section  # noqa: E402
from htmlgen.modeling import load_base_model, load_tokenizer, resolve_base  # noqa: E402
from htmlgen.stages.evaluate import load_finetuned  # noqa: E402

log = logging.getLogger("other_source")
TABLE = ("finished_page", "chrf", "markup_rougeL", "render_score", "new_tokens")


def load(base: Path, adapter: str, quant: QuantConfig):
    """As the evaluation stages load them (the fine-tuned model merged where the base is not quantized)."""
    if adapter == "none":
        return load_base_model(base, quant).eval()
    return load_finetuned(base, Path(adapter), quant).eval()


def parse_models(specs: list[str]) -> dict[str, str]:
    models = {}
    for spec in specs:
        label, sep, adapter = spec.partition("=")
        if not sep or not label or not adapter:
            raise SystemExit(f"--models {spec!r}: expected label=adapter-folder or label=none")
        if label in models:
            raise SystemExit(f"--models: the label {label!r} is given twice")
        if adapter != "none" and not Path(adapter).is_dir():
            raise SystemExit(f"--models {spec!r}: {adapter} is no folder")
        models[label] = adapter
    return models


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="a local file or hf:<id>, any schema fetch reads")
    parser.add_argument("--max-examples", type=int, default=48)
    parser.add_argument("--models", nargs="+", required=True,
                        help="label=adapter folder, or label=none for the base model; the first renders the references")
    parser.add_argument("--base", type=Path, default=ROOT / "models/base")
    parser.add_argument("--quantized", type=Path, default=ROOT / "models/quantized",
                        help="quantize stage output: its GPTQ checkpoint replaces --base")
    parser.add_argument("--tokenized", type=Path, default=ROOT / "data/tokenized", help="for the prompt format")
    parser.add_argument("--params", type=Path, default=ROOT / "params.yaml", help="generate and evaluate sections")
    parser.add_argument("--rows-dir", type=Path, default=Path(tempfile.gettempdir()) / "htmlgen-other-source")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/other_source.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", datefmt="%H:%M:%S")

    models = parse_models(args.models)
    generate = load_section(GenerateConfig, "generate", args.params)
    config = load_section(EvaluateConfig, "evaluate", args.params)
    quant = load_section(QuantConfig, "quant", args.params)
    base = resolve_base(args.base, args.quantized)
    data_format = DataFormat.read(args.tokenized).to_dict()
    name = "other_source"
    extra = ExtraSet(name=name, source=args.source, max_examples=args.max_examples)
    examples = evaluation.extra_set_examples(extra, load_tokenizer(base), data_format)
    references = args.rows_dir / "reference"
    rows, summaries, seconds = {}, {}, {}
    for number, (label, adapter) in enumerate(models.items()):
        started = time.perf_counter()
        model = load(base, adapter, quant)
        tokenizer = load_tokenizer(base if adapter == "none" else adapter)
        # The first model renders the references, the others read them.
        rows[label] = evaluation.score_model(model, tokenizer, {name: examples}, data_format["system_prompt"],
                                             generate, config, args.rows_dir / label, references,
                                             render_references=number == 0,
                                             context_tokens=evaluation.context_tokens_of(data_format))[name]
        seconds[label] = round(time.perf_counter() - started, 1)
        summaries[label] = evaluation.summarise(rows[label], config.bootstrap_samples)
        del model

    # Every later model against every earlier one: "B − A" pairs B's rows with A's by id.
    labels = list(models)
    paired = {f"{b} − {a}": evaluation.paired_difference(rows[a], rows[b], config.bootstrap_samples)
              for i, a in enumerate(labels) for b in labels[i + 1:]}
    print(f"\n{len(examples)} requests from {args.source}, decoding from {args.params}")
    print("| model | " + " | ".join(TABLE) + " | perplexity | seconds |")
    print("|---" * (len(TABLE) + 3) + "|")
    for label in models:
        summary = summaries[label]
        cells = [f"{summary[k]['mean']:.3f}" if k in summary else "–" for k in (*TABLE, "perplexity")]
        print(f"| {label} | " + " | ".join(cells) + f" | {seconds[label]} |")
    for pair, delta in paired.items():
        print(f"\n{pair} (paired, 95 %): " + ", ".join(
            f"{k} {delta[k]['mean']:+.3f} [{delta[k]['ci95'][0]:+.3f}, {delta[k]['ci95'][1]:+.3f}]"
            for k in (*TABLE, "perplexity") if k in delta))

    previous = json.loads(args.out.read_text()) if args.out.is_file() else {}
    # One entry per source and set of models: a run with other models does not replace this one.
    key = f"{args.source} ({len(examples)} requests: {', '.join(models)})"
    previous[key] = {"date": time.strftime("%Y-%m-%d"), "examples": len(examples), "models": models,
                     "generate": dataclasses.asdict(generate), "summary": summaries, "paired": paired,
                     "seconds": seconds}
    io.write_json(args.out, previous)
    print(f"\nrows in {args.rows_dir}, figures in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
