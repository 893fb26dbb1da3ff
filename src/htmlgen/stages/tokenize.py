"""tokenize: chat-template formatting, answer-only labels and the long-example strategy.

Writes one `datasets` folder per split (input_ids, labels), token-length statistics into
metrics/tokens.json, and token-length histograms (PNG + binned CSV for `dvc plots`).

Under ``long_examples: chunk`` a page over max_seq_len becomes several examples (id
``<row id>#part<k>``), all in the split of their page. Under every strategy tokens.json counts,
per split and over all splits, pages, chunks per page and the tokens kept (``coverage``), keyed
alike, so ``dvc metrics diff`` between a drop, a truncate and a chunk run lines them up; the plot
names the strategy and those counts."""

from __future__ import annotations

import csv
import io as _io
import logging
import textwrap
from collections import Counter
from pathlib import Path

import numpy as np

from htmlgen import io, runner
from htmlgen.artifacts import SPLITS, DataFormat
from htmlgen.config import PromptConfig, TokenizeConfig, load_section
from htmlgen.modeling import load_tokenizer
from htmlgen.chunking import chunk_id
from htmlgen.prompting import IGNORE_INDEX, TokenizedExample, build_chunk_examples, build_example, end_of_turn_id
from htmlgen.records import DataError

log = logging.getLogger("htmlgen.tokenize")

KEPT = ("ok", "truncated")


def page_examples(tokenizer, row: dict, prompt: PromptConfig, config: TokenizeConfig) -> list[TokenizedExample]:
    """The examples of one page under the long-example strategy: one, or one per chunk."""
    if config.long_examples == "chunk":
        return build_chunk_examples(tokenizer, row["prompt"], row["html"], prompt.system, config.max_seq_len,
                                    config.chunk_context_tokens, config.min_answer_tokens)
    return [build_example(tokenizer, row["prompt"], row["html"], prompt.system, config.max_seq_len,
                          config.long_examples, config.min_answer_tokens)]


def example_id(row: dict, example: TokenizedExample) -> str:
    return row["id"] if example.parts == 1 else chunk_id(row["id"], example.part)


def tokenize_split(tokenizer, rows: list[dict], prompt: PromptConfig, config: TokenizeConfig,
                   source: str) -> tuple[list[tuple[dict, TokenizedExample]], list[TokenizedExample]]:
    """(kept rows with their examples, every example) for one split; an example whose labels are all
    (nearly) masked is an error, not something to train on silently (PITFALLS #1). A chunked page
    gives one kept pair per chunk, in order."""
    kept, examples = [], []
    for number, row in enumerate(rows, start=1):
        for example in page_examples(tokenizer, row, prompt, config):
            examples.append(example)
            if example.status not in KEPT:
                continue
            if example.trainable_tokens < config.min_answer_tokens:
                raise DataError(source, f"only {example.trainable_tokens} trainable tokens "
                                        f"(tokenize.min_answer_tokens={config.min_answer_tokens})", number, "html")
            kept.append((row, example))
    return kept, examples


def coverage_stats(tokenizer, rows: list[dict], kept: list[tuple[dict, TokenizedExample]]) -> dict:
    """Pages, chunks per page, how many of the pages' HTML (+ end-of-turn) tokens the kept examples
    train on, and the share of each page's characters they cover (exact: a chunked page's parts
    decode to all of it, a truncated page's to its beginning)."""
    eot = end_of_turn_id(tokenizer)
    page_tokens = {row["id"]: len(tokenizer(row["html"], add_special_tokens=False)["input_ids"]) + 1
                   for row in rows}  # + 1: the end-of-turn, as in answer_tokens
    trained, chunks, covered = Counter(), Counter(), Counter()
    for row, example in kept:
        labels = [label for label in example.labels if label != IGNORE_INDEX]
        trained[row["id"]] += len(labels)
        chunks[row["id"]] += 1
        covered[row["id"]] += len(tokenizer.decode([label for label in labels if label != eot]))
    shares = [min(1.0, covered[row["id"]] / max(len(row["html"]), 1)) for row in rows]
    per_page = [chunks[i] for i in page_tokens if chunks[i]]
    total = sum(page_tokens.values())
    return {
        "pages": len(page_tokens),
        "pages_kept": len(per_page),
        "pages_chunked": sum(n > 1 for n in per_page),
        "chunks": sum(per_page),
        "chunks_per_page_mean": round(float(np.mean(per_page)), 2) if per_page else 0.0,
        "chunks_per_page_max": max(per_page, default=0),
        "page_tokens": total,
        "tokens_kept": sum(trained.values()),
        "share_tokens_kept": round(sum(trained.values()) / total, 4) if total else 0.0,
        "mean_share_of_page": round(float(np.mean(shares)), 4) if shares else 0.0,  # in characters
        "pages_whole": sum(share >= 1.0 for share in shares),
    }


def combine_coverage(parts: list[dict]) -> dict:
    """coverage_stats of several splits as one (their pages are disjoint: the split is by page)."""
    total = {key: sum(part[key] for part in parts) for key in
             ("pages", "pages_kept", "pages_chunked", "chunks", "page_tokens", "tokens_kept", "pages_whole")}
    return {
        **total,
        "chunks_per_page_mean": round(total["chunks"] / total["pages_kept"], 2) if total["pages_kept"] else 0.0,
        "chunks_per_page_max": max((part["chunks_per_page_max"] for part in parts), default=0),
        "share_tokens_kept": round(total["tokens_kept"] / total["page_tokens"], 4) if total["page_tokens"] else 0.0,
        "mean_share_of_page": round(sum(part["mean_share_of_page"] * part["pages"] for part in parts)
                                    / total["pages"], 4) if total["pages"] else 0.0,
    }


def strategy_label(config: TokenizeConfig, coverage: dict) -> str:
    """One line naming the strategy and what it kept, for the plot (and the log)."""
    chunks = (f", {coverage['pages_chunked']} chunked (up to {coverage['chunks_per_page_max']} parts)"
              if config.long_examples == "chunk" else "")
    return (f"long_examples: {config.long_examples}, max_seq_len {config.max_seq_len}: "
            f"{coverage['pages_kept']} of {coverage['pages']} pages kept{chunks}, {coverage['chunks']} examples kept, "
            f"{coverage['share_tokens_kept']:.1%} of the pages' tokens")


def length_stats(examples: list[TokenizedExample], max_seq_len: int) -> dict:
    total = np.array([e.total_tokens for e in examples]) if examples else np.zeros(1)
    status = Counter(e.status for e in examples)
    return {
        "examples": len(examples),
        "kept": status["ok"] + status["truncated"],
        "truncated": status["truncated"],
        "dropped": status["too_long"] + status["prompt_too_long"] + status["unsplittable"],
        "mean": round(float(total.mean()), 1),
        "p50": int(np.percentile(total, 50)),
        "p95": int(np.percentile(total, 95)),
        "max": int(total.max()),
        "share_over_limit": round(float((total > max_seq_len).mean()), 4),
        "mean_prompt": round(float(np.mean([e.prompt_tokens for e in examples] or [0])), 1),
        "mean_html": round(float(np.mean([e.answer_tokens for e in examples] or [0])), 1),
    }


def histogram_rows(examples: list[TokenizedExample], bins: int) -> list[dict]:
    """Pre-binned counts (DVC has no histogram template): one row per bin, one column per series."""
    series = {
        "prompt": [e.prompt_tokens for e in examples],
        "html": [e.answer_tokens for e in examples],
        "total": [e.total_tokens for e in examples],
    }
    top = max(series["total"]) if examples else 1
    edges = np.linspace(0, top, bins + 1)
    counts = {name: np.histogram(values, bins=edges)[0] for name, values in series.items()}
    return [{"tokens": int(edges[i]), **{name: int(c[i]) for name, c in counts.items()}} for i in range(bins)]


def plot_lengths(examples: list[TokenizedExample], max_seq_len: int, bins: int, path: Path,
                 label: str = "") -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    top = max([e.total_tokens for e in examples] + [max_seq_len]) * 1.05
    edges = np.linspace(0, top, bins + 1)
    for name, values in (("prompt", [e.prompt_tokens for e in examples]),
                         ("HTML + end-of-turn", [e.answer_tokens for e in examples]),
                         ("total", [e.total_tokens for e in examples])):
        ax.hist(values, bins=edges, alpha=0.5, label=name)
    ax.axvline(max_seq_len, color="crimson", linestyle="--", label=f"max_seq_len = {max_seq_len}")
    ax.set_xlabel("tokens")
    ax.set_ylabel("examples")
    # Examples are chunks under chunk, and a dropped page counts once at its full length: say which.
    title = f"Token lengths, all splits ({len(examples)} examples; a dropped page counts once, at its full length)"
    ax.set_title("\n".join([title, *textwrap.wrap(label, 95)]), fontsize=9)
    ax.legend()
    fig.tight_layout()
    with io.atomic_path(path) as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)


def main(argv=None) -> int:
    def build_parser():
        p = runner.parser(__doc__)
        p.add_argument("--splits", type=Path, required=True, help="folder written by split")
        p.add_argument("--tokenizer", type=Path, required=True, help="base model folder (its tokenizer)")
        p.add_argument("--out", type=Path, required=True, help="folder for the tokenized datasets")
        p.add_argument("--metrics", type=Path, required=True, help="json with token-length statistics")
        p.add_argument("--plot", type=Path, required=True, help="PNG histogram")
        p.add_argument("--plot-data", type=Path, required=True, help="CSV of binned counts for dvc plots")
        return p

    def stage(args):
        from datasets import Dataset

        config = load_section(TokenizeConfig, "tokenize", args.params)
        prompt = load_section(PromptConfig, "prompt", args.params)
        tokenizer = load_tokenizer(args.tokenizer)
        stats, every_example, coverages = {}, [], []
        with io.atomic_path(args.out) as tmp:
            tmp.mkdir()
            for split in SPLITS:
                source = str(args.splits / f"{split}.jsonl")
                rows = io.read_jsonl(source)
                kept, examples = tokenize_split(tokenizer, rows, prompt, config, source)
                if split == "train" and not kept:
                    raise DataError(source, f"no training example fits tokenize.max_seq_len={config.max_seq_len}")
                # num_shards=1: datasets writes an empty split as zero shards, which load_from_disk
                # cannot read back (an empty validation split would crash finetune).
                Dataset.from_dict({
                    "id": [example_id(row, e) for row, e in kept],
                    # finetune.data_order: stratified spreads each category over the run ("" when none)
                    "category": [row.get("category") or "" for row, _ in kept],
                    "input_ids": [e.input_ids for _, e in kept],
                    "labels": [e.labels for _, e in kept],
                }).save_to_disk(str(tmp / split), num_shards=1)
                stats[split] = length_stats(examples, config.max_seq_len)
                stats[split]["coverage"] = coverage = coverage_stats(tokenizer, rows, kept)
                coverages.append(coverage)
                if config.long_examples != "drop":
                    log.info("%s: %d of %d pages kept (%d chunked, up to %d chunks), %.1f%% of their tokens",
                             split, coverage["pages_kept"], coverage["pages"], coverage["pages_chunked"],
                             coverage["chunks_per_page_max"], 100 * coverage["share_tokens_kept"])
                every_example += examples
                s = stats[split]
                log.info("%s: %d examples, %d kept, %d truncated, %d dropped (strategy %s, limit %d); "
                         "tokens p50 %d, p95 %d, max %d", split, s["examples"], s["kept"], s["truncated"],
                         s["dropped"], config.long_examples, config.max_seq_len, s["p50"], s["p95"], s["max"])
            # The prompt format travels with the data: evaluate and export read it from here; with
            # chunk, generation continues pages with the same context.
            DataFormat(prompt.system, config.max_seq_len, config.long_examples,
                       config.chunk_context_tokens if config.long_examples == "chunk" else None).write(tmp)
        overall = combine_coverage(coverages)
        label = strategy_label(config, overall)
        log.info("all splits: %s", label)
        io.write_json(args.metrics, {"max_seq_len": config.max_seq_len, "long_examples": config.long_examples,
                                     "coverage": overall, **stats})
        rows = histogram_rows(every_example, config.plot_bins)
        buffer = _io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        io.write_text(args.plot_data, buffer.getvalue())
        plot_lengths(every_example, config.max_seq_len, config.plot_bins, args.plot, label)

    return runner.run(stage, build_parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
