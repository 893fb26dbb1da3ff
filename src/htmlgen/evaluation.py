"""Scoring one model on held-out sets: generate, perplexity, markup metrics and the render score,
one row per example joined by id. Used by the evaluate_base and evaluate stages (and the
decoding benchmark), so base and fine-tuned are scored by the very same code.

A set is a list of examples ``{id, prompt, html, part, ...}``: the test split (parts
``in_distribution`` / ``out_of_distribution``) and any ``evaluate.extra_sets``.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path
from typing import Any

import torch

from htmlgen import io, metrics
from htmlgen.artifacts import DataFormat
from htmlgen.config import EvaluateConfig, GenerateConfig, RenderSection
from htmlgen.chunking import page_id
from htmlgen.config import TokenizeConfig
from htmlgen.generation import generate_pages
from htmlgen.prompting import IGNORE_INDEX, build_chunk_examples, build_example

log = logging.getLogger("htmlgen.evaluation")

TEST_SET = "test"
RENDER_KEYS = ("render_score", "render_visual", "render_text", "render_structure", "render_block",
               "render_position", "render_color")
# Averaged per example, each with a bootstrap interval; markup metrics first (what we generate).
MEAN_METRICS = ("finished_page", "chrf", "markup_rougeL", *RENDER_KEYS, "html_document", "complete", "stopped",
                "parse_errors", "new_tokens", "text_rouge1", "text_rouge2", "text_rougeL", "exact_match",
                "exact_match_normalised")
RENDER_SKIPPED_FILE = "render.json"


def add_common_arguments(p) -> None:
    """The command-line arguments evaluate_base and evaluate share."""
    p.add_argument("--splits", type=Path, required=True, help="folder written by split (test.jsonl)")
    p.add_argument("--tokenized", type=Path, required=True, help="folder written by tokenize (test, format.json)")
    p.add_argument("--base", type=Path, required=True, help="base model folder")
    p.add_argument("--quantized", type=Path, help="quantize stage output: its GPTQ checkpoint replaces --base")
    p.add_argument("--references", type=Path, required=True, help="reference renders (written by evaluate_base)")
    p.add_argument("--out", type=Path, required=True, help="folder for per-example rows and screenshots")


# --------------------------------------------------------------------------- examples


def test_examples(splits_dir: Path, tokenized_dir: Path, max_examples: int | None) -> list[dict]:
    """The test split's rows, each with the tokenized (prompt + reference) pair of the same id when
    tokenize kept it (``ppl_input_ids`` / ``ppl_labels``; None when it dropped the row)."""
    from datasets import load_from_disk

    rows = io.read_jsonl(splits_dir / "test.jsonl")[:max_examples]
    if not rows:
        raise FileNotFoundError(f"{splits_dir / 'test.jsonl'} holds no examples: raise split.test_size")
    tokenized = load_from_disk(str(tokenized_dir / "test"))
    by_id = {row_id: (ids, labels) for row_id, ids, labels in
             zip(tokenized["id"], tokenized["input_ids"], tokenized["labels"], strict=True)}
    chunks: dict[str, list[tuple[list[int], list[int]]]] = {}  # tokenize.long_examples: chunk, in part order
    for example_id, pair in by_id.items():
        if page_id(example_id) != example_id:
            chunks.setdefault(page_id(example_id), []).append(pair)
    examples = []
    for row in rows:
        ids, labels = by_id.get(row["id"], (None, None))
        example = {**row, "part": row.get("part", "in_distribution"), "ppl_input_ids": ids, "ppl_labels": labels}
        if row["id"] in chunks:
            example["ppl_chunks"] = chunks[row["id"]]  # perplexity summed over the page's chunks
        examples.append(example)
    dropped = sum(e["ppl_input_ids"] is None and "ppl_chunks" not in e for e in examples)
    if dropped:
        log.warning("%d of %d test rows were dropped by tokenize: they get no perplexity, every other figure",
                    dropped, len(examples))
    return examples


def extra_set_examples(extra, tokenizer, data_format: dict) -> list[dict]:
    """An extra held-out set, tokenized for perplexity the way tokenize formats training pairs."""
    from htmlgen.sources import load_records

    records, report = load_records(extra.source, extra.hf_split, max_rows=extra.max_examples)
    examples = []
    for record in records:
        strategy = data_format.get("long_examples", "drop")
        if strategy == "chunk":
            pairs = [(e.input_ids, e.labels) for e in
                     build_chunk_examples(tokenizer, record.prompt, record.html, data_format["system_prompt"],
                                          data_format["max_seq_len"], context_tokens_of(data_format))
                     if e.status == "ok"]
            examples.append({**record.to_dict(), "part": extra.name, "ppl_input_ids": None, "ppl_labels": None,
                             **({"ppl_chunks": pairs} if pairs else {})})
            continue
        example = build_example(tokenizer, record.prompt, record.html, data_format["system_prompt"],
                                data_format["max_seq_len"], strategy)
        kept = example.status in ("ok", "truncated")
        examples.append({**record.to_dict(), "part": extra.name,
                         "ppl_input_ids": example.input_ids if kept else None,
                         "ppl_labels": example.labels if kept else None})
    log.info("extra set %s: %d examples from %s", extra.name, len(examples), report["source"])
    return examples


def load_sets(splits_dir: Path, tokenized_dir: Path, tokenizer, config: EvaluateConfig) -> tuple[dict, dict]:
    """({set name: examples}, the training data format) for the test split and the extra sets."""
    data_format = DataFormat.read(tokenized_dir).to_dict()
    sets = {TEST_SET: test_examples(splits_dir, tokenized_dir, config.max_examples)}
    for extra in config.extra_sets:
        sets[extra.name] = extra_set_examples(extra, tokenizer, data_format)
    return sets, data_format


# --------------------------------------------------------------------------- scoring


def text_scores(text: str, reference: str) -> dict[str, Any]:
    """Every string metric of one answer against its reference (raw, nothing repaired)."""
    check = metrics.check_html(text)
    words = metrics.rouge(text, reference)
    return {
        "chrf": round(metrics.chrf(text, reference), 4),
        "markup_rougeL": round(metrics.markup_rouge_l(text, reference), 4),
        **{f"text_{name}": round(value, 4) for name, value in words.items()},
        **metrics.exact_match(text, reference),
        "html_document": check.is_document, "parse_errors": check.parse_errors, "complete": check.complete,
        # What a user needs: a document that parses and reaches </html>.
        "finished_page": check.is_document and check.complete,
    }


@torch.no_grad()
def perplexity_rows(model, examples: list[dict], tokenizer, batch_size: int) -> list[tuple[float, int] | None]:
    """(summed answer NLL, answer tokens) per example, None where the example has no tokenized pair;
    a chunked page (``ppl_chunks``) sums over its chunks. Batches are right-padded by the collator
    finetune trains with (labels padded with -100)."""
    from transformers import DataCollatorForSeq2Seq

    collate = DataCollatorForSeq2Seq(tokenizer, padding="longest", label_pad_token_id=IGNORE_INDEX,
                                     return_tensors="pt")
    dev = next(model.parameters()).device
    jobs = []  # (example index, input ids, labels): one per whole page, one per chunk
    for i, e in enumerate(examples):
        if e.get("ppl_chunks"):
            jobs += [(i, ids, labels) for ids, labels in e["ppl_chunks"]]
        elif e["ppl_input_ids"] is not None:
            jobs.append((i, e["ppl_input_ids"], e["ppl_labels"]))
    totals: dict[int, list] = {}
    for start in range(0, len(jobs), batch_size):
        batch = jobs[start:start + batch_size]
        padded = collate([{"input_ids": ids, "labels": labels} for _, ids, labels in batch])
        nll, counts = metrics.answer_nll_per_row(model, padded["input_ids"].to(dev),
                                                 padded["attention_mask"].to(dev), padded["labels"].to(dev))
        for (i, _, _), value, count in zip(batch, nll, counts, strict=True):
            total = totals.setdefault(i, [0.0, 0])
            total[0] += value
            total[1] += count
    return [tuple(totals[i]) if i in totals else None for i in range(len(examples))]


def render_problem(config: RenderSection) -> str | None:
    """Why the render score cannot be computed here, or None."""
    if not config.enabled:
        return "evaluate.render.enabled is false"
    from htmlgen.render import chromium_problem

    return chromium_problem(config.executable)


def render_pages(pages: dict[str, str], config: RenderSection, out_dir: Path) -> dict[str, Any]:
    """Render {id: html} and save each screenshot (PNG) and its features (JSON) under ``out_dir``."""
    from htmlgen.render import Renderer

    out_dir.mkdir(parents=True, exist_ok=True)
    rendered, started = {}, time.perf_counter()
    with Renderer(config.executable, config.width, config.height, config.timeout_s) as renderer:
        for number, (page_id, html) in enumerate(pages.items(), start=1):
            page = renderer.render(html)
            if page.screenshot:
                (out_dir / f"{page_id}.png").write_bytes(page.screenshot)
            io.write_json(out_dir / f"{page_id}.json", page.to_json())
            rendered[page_id] = page
            if number % 16 == 0 or number == len(pages):
                log.info("  rendered %d/%d pages (%.1f pages/s)", number, len(pages),
                         number / (time.perf_counter() - started))
    return rendered


def load_rendered(folder: Path, page_id: str):
    from htmlgen.render import RenderedPage

    png = folder / f"{page_id}.png"
    return RenderedPage.from_json(io.read_json(folder / f"{page_id}.json"),
                                  png.read_bytes() if png.is_file() else None)


def context_tokens_of(data_format: dict) -> int:
    """The chunk context the training data used (continued pages are prompted the same way)."""
    tokens = data_format.get("chunk_context_tokens")
    return TokenizeConfig().chunk_context_tokens if tokens is None else tokens


def score_model(model, tokenizer, sets: dict[str, list[dict]], system: str, generate: GenerateConfig,
                config: EvaluateConfig, out_dir: Path, references_dir: Path, render_references: bool,
                context_tokens: int = TokenizeConfig().chunk_context_tokens) -> dict:
    """Generate and score every set; write ``out_dir/<set>.jsonl`` (one row per example) and the
    screenshots. References are rendered into ``references_dir`` when ``render_references`` (the base
    stage), else read from there. ``context_tokens``: of a continued page's prompts
    (generate.max_continuations). Returns {set: rows}."""
    skipped = render_problem(config.render)
    marker = references_dir / RENDER_SKIPPED_FILE
    if render_references:
        io.write_json(marker, {"skipped": skipped, "render": dataclasses.asdict(config.render)})
    elif skipped is None:
        # The fine-tuned stage compares with the base stage's reference renders: if that stage
        # could not render, neither side gets a render score.
        skipped = (io.read_json(marker).get("skipped") if marker.is_file()
                   else f"no reference renders in {references_dir}")
    if skipped:
        log.warning("render score skipped: %s (every other figure is computed)", skipped)

    results = {}
    for set_name, examples in sets.items():
        started = time.perf_counter()
        log.info("%s: generating %d answers (max_new_tokens %d, %s)", set_name, len(examples),
                 generate.max_new_tokens, "sampling" if generate.do_sample else "greedy")
        completions = generate_pages(model, tokenizer, [e["prompt"] for e in examples], system, generate,
                                     config.batch_size, context_tokens, drafts=config.draft_tokens)
        generated_s = time.perf_counter() - started
        log.info("%s: perplexity of %d references", set_name, len(examples))
        nll = perplexity_rows(model, examples, tokenizer, config.perplexity_batch_size)
        rows = []
        for example, completion, ppl in zip(examples, completions, nll, strict=True):
            rows.append({
                "id": example["id"], "part": example["part"], "category": example.get("category"),
                "text": completion.text, "finish_reason": completion.finish_reason,
                "stopped": completion.stopped, "new_tokens": completion.new_tokens,
                **({"parts": completion.parts} if generate.max_continuations else {}),
                **text_scores(completion.text, example["html"]),
                "nll": None if ppl is None else round(ppl[0], 4), "nll_tokens": None if ppl is None else ppl[1],
            })
        if not skipped:
            ref_dir = references_dir / set_name
            if render_references:
                log.info("%s: rendering %d references", set_name, len(examples))
                references = render_pages({e["id"]: e["html"] for e in examples}, config.render, ref_dir)
            else:
                references = {e["id"]: load_rendered(ref_dir, e["id"]) for e in examples}
            log.info("%s: rendering %d answers", set_name, len(rows))
            answers = render_pages({r["id"]: r["text"] for r in rows}, config.render, out_dir / "screens" / set_name)
            from htmlgen.render import render_score

            for row in rows:
                page = answers[row["id"]]
                row.update({k: round(v, 4) for k, v in render_score(page, references[row["id"]]).items()})
                row["render_error"] = page.error
                row["script_errors"] = len(page.script_errors)
        io.write_jsonl(out_dir / f"{set_name}.jsonl", rows)
        log.info("%s: done in %.0f s (generation %.0f s)", set_name, time.perf_counter() - started, generated_s)
        results[set_name] = rows
    io.write_json(out_dir / "run.json", {"render_skipped": skipped, "sets": {k: len(v) for k, v in results.items()},
                                         "generate": dataclasses.asdict(generate)})
    return results


# --------------------------------------------------------------------------- summaries


def summarise(rows: list[dict], samples: int) -> dict[str, Any]:
    """Each metric's mean with a 95% bootstrap interval, and the token-weighted perplexity."""
    summary: dict[str, Any] = {"examples": len(rows)}
    for name in MEAN_METRICS:
        values = [r[name] for r in rows if r.get(name) is not None]
        if values:
            summary[name] = metrics.bootstrap_mean([float(v) for v in values], samples)
    scored = [r for r in rows if r.get("nll") is not None]
    if scored:
        summary["perplexity"] = metrics.bootstrap_perplexity([r["nll"] for r in scored],
                                                             [r["nll_tokens"] for r in scored], samples)
    return summary


def paired_difference(base: list[dict], tuned: list[dict], samples: int) -> dict[str, Any]:
    """fine-tuned minus base on the same examples (joined by id), each with a 95% bootstrap interval."""
    by_id = {r["id"]: r for r in base}
    missing = [r["id"] for r in tuned if r["id"] not in by_id]
    if missing:
        raise ValueError(f"{len(missing)} fine-tuned rows have no base row with the same id (e.g. {missing[0]}): "
                         "the base evaluation is stale; run dvc repro evaluate_base")
    pairs = [(by_id[r["id"]], r) for r in tuned]
    delta: dict[str, Any] = {}
    for name in MEAN_METRICS:
        diffs = [float(t[name]) - float(b[name]) for b, t in pairs if b.get(name) is not None
                 and t.get(name) is not None]
        if diffs:
            delta[name] = metrics.bootstrap_mean(diffs, samples)
    ppl = [(b, t) for b, t in pairs if b.get("nll") is not None and t.get("nll") is not None]
    if ppl:
        delta["perplexity"] = metrics.bootstrap_perplexity_difference(
            [b["nll"] for b, _ in ppl], [b["nll_tokens"] for b, _ in ppl],
            [t["nll"] for _, t in ppl], [t["nll_tokens"] for _, t in ppl], samples)
    return delta
