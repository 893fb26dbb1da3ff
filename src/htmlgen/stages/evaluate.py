"""evaluate: the fine-tuned model on the held-out sets with the same decoding as evaluate_base,
then base vs fine-tuned: every metric with a 95% bootstrap interval, the paired difference
(joined by id) with its interval, per part of the test split (in / out of distribution) and per
extra set (metrics/eval.json), and the gallery of screenshots and sources (plots/gallery.html)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from htmlgen import evaluation, gallery, io, runner
from htmlgen.config import EvaluateConfig, GenerateConfig, QuantConfig, build, load_section, to_dict
from htmlgen.modeling import load_adapted_model, load_tokenizer, merge_when_exact, resolve_base

log = logging.getLogger("htmlgen.evaluate")


def decoding_label(generate: GenerateConfig) -> str:
    how = (f"sampling, temperature {generate.temperature}, top_p {generate.top_p}, min_p {generate.min_p}"
           if generate.do_sample else "greedy")
    extras = [f"DRY {generate.dry_multiplier}/{generate.dry_base}/{generate.dry_allowed_length}"
              if generate.dry_multiplier else "", f"stop at {', '.join(generate.stop)}" if generate.stop else ""]
    return ", ".join([how, f"max_new_tokens {generate.max_new_tokens}", *filter(None, extras)])


def load_finetuned(base: Path, adapter: Path, quant: QuantConfig):
    """Base + adapter in the base checkpoint's dtype (model.dtype), merged in memory into float32
    weights (``modeling.merge_when_exact``, as the server does)."""
    return merge_when_exact(load_adapted_model(base, adapter, quant), quant)


def compare(base: list[dict], tuned: list[dict], samples: int) -> dict:
    """Summaries of both sides and their paired difference."""
    return {"base": evaluation.summarise(base, samples), "finetuned": evaluation.summarise(tuned, samples),
            "delta": evaluation.paired_difference(base, tuned, samples)}


def build_summary(base_sets: dict[str, list[dict]], tuned_sets: dict[str, list[dict]], generate: GenerateConfig,
                  samples: int, render_skipped: str | None) -> dict:
    test_base, test_tuned = base_sets[evaluation.TEST_SET], tuned_sets[evaluation.TEST_SET]
    parts = sorted({r["part"] for r in test_tuned})
    summary = {
        "examples": len(test_tuned),
        "parts": {part: sum(r["part"] == part for r in test_tuned) for part in parts},
        "decoding": to_dict(generate),
        "decoding_label": decoding_label(generate),
        "render_skipped": render_skipped,
        **compare(test_base, test_tuned, samples),
        "by_part": {},
        "extra_sets": {},
    }
    if len(parts) > 1:
        ids = {part: {r["id"] for r in test_tuned if r["part"] == part} for part in parts}
        summary["by_part"] = {part: compare([r for r in test_base if r["id"] in ids[part]],
                                            [r for r in test_tuned if r["id"] in ids[part]], samples)
                              for part in parts}
    for name, rows in tuned_sets.items():
        if name != evaluation.TEST_SET:
            summary["extra_sets"][name] = {"examples": len(rows), **compare(base_sets[name], rows, samples)}
    return summary


# `generate` keys whose default changed after they were added: a run written before them decoded so.
DEFAULTS_WHEN_ADDED = {"dry_fold_digits": False}


def same_decoding(base_generate: dict, generate: GenerateConfig) -> bool:
    """Whether the base answers were decoded as these will be. The base run's settings are read with
    today's defaults filled in: a `generate` key added since it ran, at its default, is no difference,
    except a key whose default changed since: a run without it decoded as its old default."""
    return build(GenerateConfig, {**DEFAULTS_WHEN_ADDED, **base_generate}, "generate") == generate


def main(argv=None) -> int:
    def build_parser():
        p = runner.parser(__doc__)
        evaluation.add_common_arguments(p)
        p.add_argument("--adapter", type=Path, required=True, help="adapter written by finetune")
        p.add_argument("--baseline", type=Path, required=True, help="folder written by evaluate_base")
        p.add_argument("--metrics", type=Path, required=True, help="json of base vs fine-tuned figures")
        p.add_argument("--gallery", type=Path, required=True, help="HTML page for visual inspection")
        return p

    def stage(args):
        config = load_section(EvaluateConfig, "evaluate", args.params)
        generate = load_section(GenerateConfig, "generate", args.params)
        quant = load_section(QuantConfig, "quant", args.params)
        if not same_decoding(io.read_json(args.baseline / "run.json")["generate"], generate):
            raise FileNotFoundError(f"{args.baseline} was generated with other `generate` params: "
                                    "run dvc repro evaluate_base first")
        tokenizer = load_tokenizer(args.adapter)
        sets, data_format = evaluation.load_sets(args.splits, args.tokenized, tokenizer, config)
        model = load_finetuned(resolve_base(args.base, args.quantized), args.adapter, quant)
        started = time.perf_counter()
        with io.atomic_path(args.out) as out:
            out.mkdir()
            tuned_sets = evaluation.score_model(model, tokenizer, sets, data_format["system_prompt"], generate,
                                                config, out, args.references, render_references=False,
                                                context_tokens=evaluation.context_tokens_of(data_format))
        tuned_run = io.read_json(args.out / "run.json")
        base_sets = {name: io.read_jsonl(args.baseline / f"{name}.jsonl") for name in tuned_sets}
        summary = build_summary(base_sets, tuned_sets, generate, config.bootstrap_samples,
                                tuned_run["render_skipped"])
        summary["seconds"] = {"finetuned": round(time.perf_counter() - started, 1)}
        io.write_json(args.metrics, summary)

        examples = evaluation.test_examples(args.splits, args.tokenized, config.max_examples)
        base_rows = {r["id"]: r for r in base_sets[evaluation.TEST_SET]}
        tuned_rows = {r["id"]: r for r in tuned_sets[evaluation.TEST_SET]}
        images = {}
        folders = {"reference": args.references / evaluation.TEST_SET,
                   "base": args.baseline / "screens" / evaluation.TEST_SET,
                   "finetuned": args.out / "screens" / evaluation.TEST_SET}
        if not summary["render_skipped"]:
            for side, folder in folders.items():
                for example in examples:
                    images[side, example["id"]] = gallery.thumbnail_uri(folder / f"{example['id']}.png",
                                                                        config.render.thumbnail_width)
        io.write_text(args.gallery, gallery.render_gallery(examples, base_rows, tuned_rows, summary, images))
        for side in ("base", "finetuned"):
            headline = {k: summary[side][k]["mean"] for k in gallery.HEADLINE if k in summary[side]}
            log.info("%s: %s", side, headline)

    return runner.run(stage, build_parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
