"""Why answers loop, and which decoding makes pages finish: options side by side on one test split.

For each decoding option (a set of `generate` params) the same model answers the same test prompts;
the table gives the share of answers that are finished pages (parse as a document, end with
</html>), that stop, that are caught in a loop (and where: inside <style>, <script> or the body),
chrF and markup ROUGE-L against the references, the render score (with --render), tokens and
wall time. A second table measures how much the references themselves repeat (the share of
pages holding an n-token sequence twice), which is what a loop penalty must leave alone.

    python benchmarks/decoding.py --adapter models/lora --base models/base \\
        --splits data/split --tokenized data/tokenized [--options greedy,stop,dry] [--render] \\
        [--seeds 0,1,2] [--drafts 2]

A sampled option's figures move with the seed (one unlucky stream can loop where another
finishes): with --seeds each sampled option runs once per seed, and the table gives the mean
over seeds with the per-seed finished-page shares beside it.

Results: benchmarks/results/decoding.json (one entry per option, with the settings).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from htmlgen import evaluation, io  # noqa: E402
from htmlgen.config import GenerateConfig, RenderSection  # noqa: E402
from htmlgen.generation import generate_answers  # noqa: E402
from htmlgen.modeling import load_adapted_model, load_base_model, load_tokenizer  # noqa: E402
from htmlgen.prompting import encode_prompt  # noqa: E402

log = logging.getLogger("decoding")

# name -> overrides of GenerateConfig (on top of greedy, no stop string, no penalty).
# What each option changes is relative to plain greedy decoding (the GenerateConfig defaults are
# params.yaml's chosen decoding, so the baseline is spelled out here).
GREEDY_BASELINE = {"do_sample": False, "temperature": 1.0, "min_p": 0.0, "dry_multiplier": 0.0,
                   "dry_allowed_length": 16}
OPTIONS: dict[str, dict] = {
    "greedy": {"stop": []},
    "greedy+stop": {},
    "rep_penalty_1.1": {"repetition_penalty": 1.1},
    "rep_penalty_1.2": {"repetition_penalty": 1.2},
    "no_repeat_ngram_24": {"no_repeat_ngram_size": 24},
    "dry_0.8_len16": {"dry_multiplier": 0.8, "dry_allowed_length": 16},
    "dry_0.8_len8": {"dry_multiplier": 0.8, "dry_allowed_length": 8},
    "dry_0.8_len8_newline": {"dry_multiplier": 0.8, "dry_allowed_length": 8, "dry_sequence_breakers": ["\n"]},
    "dry_1.5_len6": {"dry_multiplier": 1.5, "dry_allowed_length": 6},
    "sample_minp0.1+dry_len8": {"do_sample": True, "temperature": 0.7, "min_p": 0.1, "dry_multiplier": 0.8,
                                "dry_allowed_length": 8},
    "sample_minp0.1+dry_len6": {"do_sample": True, "temperature": 0.7, "min_p": 0.1, "dry_multiplier": 0.8,
                                "dry_allowed_length": 6},
    "sample_t0.5_minp0.1+dry_len8": {"do_sample": True, "temperature": 0.5, "min_p": 0.1, "dry_multiplier": 0.8,
                                     "dry_allowed_length": 8},
    "sample_t0.5_minp0.1+dry_len8+digits": {"do_sample": True, "temperature": 0.5, "min_p": 0.1,
                                            "dry_multiplier": 0.8, "dry_allowed_length": 8, "dry_fold_digits": True},
    "sample_t0.5_minp0.1+dry_len6+digits": {"do_sample": True, "temperature": 0.5, "min_p": 0.1,
                                            "dry_multiplier": 0.8, "dry_allowed_length": 6, "dry_fold_digits": True},
    "sample_t0.3_minp0.1+dry_len8+digits": {"do_sample": True, "temperature": 0.3, "min_p": 0.1,
                                            "dry_multiplier": 0.8, "dry_allowed_length": 8, "dry_fold_digits": True},
    "sample_t0.5_minp0.1+dry1.2_len8+digits": {"do_sample": True, "temperature": 0.5, "min_p": 0.1,
                                               "dry_multiplier": 1.2, "dry_allowed_length": 8, "dry_fold_digits": True},
    "sample_t0.7_p0.95": {"do_sample": True, "temperature": 0.7, "top_p": 0.95},
    "sample_t0.7_minp0.1": {"do_sample": True, "temperature": 0.7, "min_p": 0.1},
    "sample_minp0.1+dry": {"do_sample": True, "temperature": 0.7, "min_p": 0.1, "dry_multiplier": 0.8,
                           "dry_allowed_length": 16},
}


def loop_place(text: str) -> str | None:
    """Where an unfinished answer is stuck, if its tail repeats: 'style', 'script' or 'body'."""
    tail = text[-600:]
    # A loop: some 30+ character chunk that occurs 3 times in the tail.
    repeated = any(tail.count(tail[i:i + 30]) >= 3 for i in range(0, max(1, len(tail) - 30), 15))
    if not repeated:
        return None
    lower = text.lower()
    for tag in ("style", "script"):
        if lower.rfind(f"<{tag}") > lower.rfind(f"</{tag}>"):
            return tag
    return "body"


def reference_repetition(tokenizer, pages: list[str], sizes=(8, 16, 24, 32, 48)) -> dict[int, float]:
    """Share of pages that contain some n-token sequence twice, per n: HTML's normal repetition."""
    shares = {}
    encoded = [tokenizer(page, add_special_tokens=False)["input_ids"] for page in pages]
    for n in sizes:
        repeating = 0
        for ids in encoded:
            grams = [tuple(ids[i:i + n]) for i in range(len(ids) - n + 1)]
            repeating += len(set(grams)) < len(grams)
        shares[n] = round(repeating / len(pages), 3)
    return shares


def run_option(name, model, tokenizer, examples, system, generate, batch_size, render: RenderSection | None,
               references_dir: Path | None, work: Path, drafts: int = 0) -> dict:
    started = time.perf_counter()
    prompt_ids = [encode_prompt(tokenizer, e["prompt"], system) for e in examples]
    completions = generate_answers(model, tokenizer, prompt_ids, generate, batch_size, drafts=drafts)
    seconds = time.perf_counter() - started
    rows = []
    for example, completion in zip(examples, completions, strict=True):
        scores = evaluation.text_scores(completion.text, example["html"])
        place = None if scores["finished_page"] else loop_place(completion.text)
        rows.append({"id": example["id"], "part": example["part"], "text": completion.text,
                     "finish_reason": completion.finish_reason, "new_tokens": completion.new_tokens,
                     "loop": place, **scores})
    if render is not None:
        from htmlgen.render import render_score

        answers = evaluation.render_pages({r["id"]: r["text"] for r in rows}, render, work / name)
        for row in rows:
            row["render_score"] = render_score(answers[row["id"]], evaluation.load_rendered(references_dir,
                                                                                           row["id"]))["render_score"]
    n = len(rows)
    result = {
        "finished_page": sum(r["finished_page"] for r in rows) / n,
        "stopped": sum(r["finish_reason"] != "length" for r in rows) / n,
        "loops": sum(r["loop"] is not None for r in rows) / n,
        "loops_in_style": sum(r["loop"] == "style" for r in rows) / n,
        "chrf": sum(r["chrf"] for r in rows) / n,
        "markup_rougeL": sum(r["markup_rougeL"] for r in rows) / n,
        "new_tokens_mean": sum(r["new_tokens"] for r in rows) / n,
        "seconds": round(seconds, 1),
        "tokens_per_s": round(sum(r["new_tokens"] for r in rows) / seconds, 1),
    }
    if render is not None:
        result["render_score"] = sum(r["render_score"] for r in rows) / n
    for part in sorted({r["part"] for r in rows}):
        subset = [r for r in rows if r["part"] == part]
        result[f"finished_page[{part}]"] = sum(r["finished_page"] for r in subset) / len(subset)
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, default=ROOT / "models/base")
    parser.add_argument("--adapter", type=Path, default=ROOT / "models/lora", help="'none': the base model alone")
    parser.add_argument("--splits", type=Path, default=ROOT / "data/split")
    parser.add_argument("--tokenized", type=Path, default=ROOT / "data/tokenized")
    parser.add_argument("--options", default=",".join(OPTIONS), help=f"comma-separated, of: {', '.join(OPTIONS)}")
    parser.add_argument("--max-new-tokens", type=int, default=1024)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-examples", type=int)
    parser.add_argument("--every", type=int, default=1, help="every Nth test prompt (a subset with both parts)")
    parser.add_argument("--render", action="store_true", help="also the render score (needs data/eval/reference)")
    parser.add_argument("--references", type=Path, default=ROOT / "data/eval/reference/test")
    parser.add_argument("--seeds", default="0", help="comma-separated sampling seeds: a sampled option runs once per "
                        "seed (greedy ones once)")
    parser.add_argument("--drafts", type=int, default=2, help="drafted tokens per row and pass (same answers, faster)")
    parser.add_argument("--label", default="", help="what model this is, for the results file")
    parser.add_argument("--rows-dir", type=Path, help="also write each option's scored answers to DIR/<option>.jsonl "
                        "(rows as in data/eval/*/test.jsonl: compare two with benchmarks/paired.py); with "
                        "several --seeds also each seed's to DIR/<option>.seed<k>.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/decoding.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", datefmt="%H:%M:%S")

    tokenizer = load_tokenizer(args.base if str(args.adapter) == "none" else args.adapter)
    examples = evaluation.test_examples(args.splits, args.tokenized, args.max_examples)[::args.every]
    system = io.read_json(args.tokenized / "format.json")["system_prompt"]
    if str(args.adapter) == "none":
        model = load_base_model(args.base)
    else:
        model = load_adapted_model(args.base, args.adapter).merge_and_unload()
    model.eval()
    train = io.read_jsonl(args.splits / "train.jsonl")
    repetition = reference_repetition(tokenizer, [r["html"] for r in train])
    log.info("training answers holding an n-token sequence twice: %s", repetition)

    results, all_rows = {}, {}
    work = Path("/tmp/htmlgen-decoding")
    seeds = [int(s) for s in args.seeds.split(",")]
    for name in args.options.split(","):
        generate = dataclasses.replace(GenerateConfig(max_new_tokens=args.max_new_tokens, **GREEDY_BASELINE),
                                       **OPTIONS[name])
        generate.validate()
        log.info("option %s: %s", name, OPTIONS[name])
        per_seed = []
        for seed in seeds if generate.do_sample else seeds[:1]:
            result, all_rows[name] = run_option(
                name, model, tokenizer, examples, system, dataclasses.replace(generate, seed=seed), args.batch_size,
                RenderSection() if args.render else None, args.references, work, args.drafts)
            per_seed.append(result)
            log.info("option %s, seed %d: %s", name, seed, result)
            if args.rows_dir and len(seeds) > 1 and generate.do_sample:  # each seed's rows (paired.py pools them)
                io.write_jsonl(args.rows_dir / f"{name}.seed{seed}.jsonl", all_rows[name])
        results[name] = mean_over_seeds(per_seed)
        save(args, examples, results, all_rows, repetition)
        if args.rows_dir:
            io.write_jsonl(args.rows_dir / f"{name}.jsonl", all_rows[name])

    columns = ["finished_page", "finished_per_seed", "stopped", "loops", "loops_in_style", "chrf", "markup_rougeL", "render_score",
               "new_tokens_mean", "seconds"]
    columns = [c for c in columns if any(c in r for r in results.values())]
    print(f"\n{len(examples)} test prompts, {args.label or args.adapter}, max_new_tokens {args.max_new_tokens}")
    print("| option | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name, result in results.items():
        print(f"| {name} | " + " | ".join(str(result.get(c, "–")) for c in columns) + " |")
    print(f"\ntraining answers with a repeated n-token sequence: {repetition}")
    return 0


def mean_over_seeds(per_seed: list[dict]) -> dict:
    """An option's figures averaged over its seeds, with the finished-page share of each seed."""
    mean = {k: round(sum(r[k] for r in per_seed) / len(per_seed), 4) for k in per_seed[0]}
    if len(per_seed) > 1:
        mean["finished_per_seed"] = "/".join(f"{r['finished_page']:.2f}" for r in per_seed)
    return mean


def save(args, examples, results, all_rows, repetition) -> None:
    """Merge this run's options into the results file (under its label), after every option."""
    previous = json.loads(args.out.read_text()) if args.out.is_file() else {}
    entry = previous.setdefault(args.label or str(args.adapter), {})
    entry.update({"examples": len(examples), "every": args.every, "seeds": args.seeds, "max_new_tokens": args.max_new_tokens,
                  "reference_repetition": {str(k): v for k, v in repetition.items()}})
    entry.setdefault("options", {}).update({name: OPTIONS[name] for name in results})
    entry.setdefault("results", {}).update(results)
    entry.setdefault("loops", {}).update({name: [{"id": r["id"], "loop": r["loop"], "tail": r["text"][-160:]}
                                                 for r in rows if r["loop"]] for name, rows in all_rows.items()})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(previous, indent=2) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
