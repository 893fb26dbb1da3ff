"""evaluate: base vs fine-tuned on the held-out test split, same prompts, same decoding.

The adapter is loaded once; the base figures come from the same weights with the adapter
disabled. Writes metrics/eval.json (both models and the deltas), the predictions as jsonl
and plots/gallery.html (each output rendered in a sandboxed iframe beside its source)."""

from __future__ import annotations

import contextlib
import html
import logging
import time
from pathlib import Path

import torch

from htmlgen import io, metrics, runner
from htmlgen.config import EvaluateConfig, QuantConfig, load_section
from htmlgen.modeling import load_adapted_model, load_tokenizer, resolve_base
from htmlgen.prompting import encode_prompt, end_of_turn_id
from htmlgen.stages.tokenize import FORMAT_FILE

log = logging.getLogger("htmlgen.evaluate")


class ProgressLog:
    """A stopping criterion that never stops: logs tokens/s and finished rows every
    ``every`` decoding steps, so a long batched generation is not silent for minutes."""

    def __init__(self, eot: int, prompt_width: int, every: int = 128):
        self.eot, self.width, self.every = eot, prompt_width, every
        self.started = time.perf_counter()

    def __call__(self, input_ids: torch.Tensor, scores, **kwargs) -> torch.Tensor:
        steps = input_ids.shape[1] - self.width
        if steps % self.every == 0:
            done = int((input_ids[:, self.width:] == self.eot).any(dim=1).sum())
            rate = steps * input_ids.shape[0] / (time.perf_counter() - self.started)
            log.info("    %d tokens per prompt, %d/%d prompts finished, %.0f tokens/s", steps, done,
                     input_ids.shape[0], rate)
        return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)


def left_padded(batch: list[list[int]], pad_id: int, dev=None) -> tuple[torch.Tensor, torch.Tensor]:
    """Prompts of a batch left-padded to the longest (generation appends on the right), with their mask."""
    width = max(map(len, batch))
    input_ids = torch.tensor([[pad_id] * (width - len(ids)) + ids for ids in batch], device=dev)
    attention = torch.tensor([[0] * (width - len(ids)) + [1] * len(ids) for ids in batch], device=dev)
    return input_ids, attention


@torch.no_grad()
def generate(model, tokenizer, prompts: list[str], system: str, config: EvaluateConfig) -> list[dict]:
    """Greedy (or sampled) completions, batched with left padding; one dict per prompt."""
    pad_id, eot = tokenizer.pad_token_id, end_of_turn_id(tokenizer)
    dev = next(model.parameters()).device
    outputs, started, new_tokens = [], time.perf_counter(), 0
    for start in range(0, len(prompts), config.batch_size):
        batch = [encode_prompt(tokenizer, p, system) for p in prompts[start:start + config.batch_size]]
        input_ids, attention = left_padded(batch, pad_id, dev)
        width = input_ids.shape[1]
        sampling = {"do_sample": True, "temperature": config.temperature, "top_p": config.top_p} \
            if config.do_sample else {"do_sample": False, "temperature": None, "top_p": None, "top_k": None}
        generated = model.generate(input_ids=input_ids, attention_mask=attention, max_new_tokens=config.max_new_tokens,
                                   pad_token_id=pad_id, eos_token_id=eot, stopping_criteria=[ProgressLog(eot, width)],
                                   **sampling)
        for row in generated[:, width:].tolist():
            stopped = eot in row
            tokens = row[: row.index(eot)] if stopped else row
            new_tokens += len(tokens) + int(stopped)
            outputs.append({"text": tokenizer.decode(tokens, skip_special_tokens=True).strip(), "stopped": stopped,
                            "new_tokens": len(tokens)})
        elapsed = time.perf_counter() - started
        log.info("  %d/%d prompts done, %.0f answer tokens/s (up to each end-of-turn)", len(outputs), len(prompts),
                 new_tokens / elapsed)
    return outputs


@torch.no_grad()
def dataset_perplexity(model, tokenized, pad_id: int, batch_size: int) -> float:
    """Perplexity of the reference HTML given the prompt (answer tokens only)."""
    dev = next(model.parameters()).device
    total_nll, total_tokens = 0.0, 0
    for start in range(0, len(tokenized), batch_size):
        rows = tokenized[start:start + batch_size]
        width = max(map(len, rows["input_ids"]))
        pad = lambda seqs, value: torch.tensor([s + [value] * (width - len(s)) for s in seqs], device=dev)  # noqa: E731
        ids, labels = pad(rows["input_ids"], pad_id), pad(rows["labels"], -100)
        mask = pad([[1] * len(s) for s in rows["input_ids"]], 0)
        nll, count = metrics.answer_nll(model, ids, mask, labels)
        total_nll, total_tokens = total_nll + nll, total_tokens + count
    return metrics.perplexity(total_nll, total_tokens)


def score(predictions: list[dict], references: list[str]) -> tuple[dict, list[dict]]:
    """Aggregate and per-example figures for one model."""
    per_example = []
    for prediction, reference in zip(predictions, references, strict=True):
        check = metrics.check_html(prediction["text"])
        per_example.append({
            **metrics.rouge(prediction["text"], reference),
            **metrics.exact_match(prediction["text"], reference),
            "html_document": check.is_document, "parse_errors": check.parse_errors, "complete": check.complete,
            "stopped": prediction["stopped"], "new_tokens": prediction["new_tokens"],
        })
    summary = {name: metrics.mean(e[name] for e in per_example) for name in metrics.ROUGE_TYPES}
    summary.update({
        "exact_match": metrics.mean(e["exact_match"] for e in per_example),
        "exact_match_normalised": metrics.mean(e["exact_match_normalised"] for e in per_example),
        "html_document_rate": metrics.mean(e["html_document"] for e in per_example),
        "parse_errors_mean": metrics.mean(e["parse_errors"] for e in per_example),
        "complete_rate": metrics.mean(e["complete"] for e in per_example),
        "stopped_rate": metrics.mean(e["stopped"] for e in per_example),
        "new_tokens_mean": metrics.mean(e["new_tokens"] for e in per_example),
    })
    return {k: round(v, 4) for k, v in summary.items()}, per_example


def render_gallery(rows: list[dict], summary: dict) -> str:
    """A static page: per prompt, reference / base / fine-tuned rendered in sandboxed iframes
    (no scripts, no same-origin: generated HTML is untrusted) beside their source."""
    def cell(title: str, source: str, rouge_l: float | None) -> str:
        score_text = f" <small>ROUGE-L {rouge_l:.3f}</small>" if rouge_l is not None else ""
        return (f'<td><h4>{title}{score_text}</h4><iframe sandbox srcdoc="{html.escape(source, quote=True)}" '
                f'loading="lazy"></iframe><details><summary>source</summary><pre>{html.escape(source)}</pre>'
                "</details></td>")

    body = []
    for i, row in enumerate(rows, start=1):
        body.append(f"<tr><th colspan=3 class=prompt>{i}. {html.escape(row['prompt'])}</th></tr><tr>"
                    + cell("reference", row["reference"], None)
                    + cell("base", row["base"]["text"], row["base"]["rougeL"])
                    + cell("fine-tuned", row["finetuned"]["text"], row["finetuned"]["rougeL"]) + "</tr>")
    figures = " · ".join(f"{name}: base {summary['base'][name]} → fine-tuned {summary['finetuned'][name]}"
                         for name in ("rougeL", "perplexity", "html_document_rate"))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>htmlgen: base vs fine-tuned on the test split</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
td {{ vertical-align: top; padding: .4rem; border: 1px solid #ddd; }}
th.prompt {{ text-align: left; background: #f3f4f6; padding: .5rem; }}
iframe {{ width: 100%; height: 320px; border: 1px solid #ccc; background: white; }}
pre {{ white-space: pre-wrap; font-size: 11px; max-height: 300px; overflow: auto; }}
h4 {{ margin: .2rem 0; }}
</style>
</head>
<body>
<h1>Base vs fine-tuned, {len(rows)} test prompts</h1>
<p>{html.escape(figures)}</p>
<table>
{''.join(body)}
</table>
</body>
</html>
"""


def main(argv=None) -> int:
    def build_parser():
        p = runner.parser(__doc__)
        p.add_argument("--splits", type=Path, required=True, help="folder written by split (test.jsonl)")
        p.add_argument("--tokenized", type=Path, required=True, help="folder written by tokenize (test, format.json)")
        p.add_argument("--base", type=Path, required=True, help="base model folder")
        p.add_argument("--quantized", type=Path, help="quantize stage output: its GPTQ checkpoint replaces --base")
        p.add_argument("--adapter", type=Path, required=True, help="adapter written by finetune")
        p.add_argument("--metrics", type=Path, required=True, help="json of base vs fine-tuned figures")
        p.add_argument("--predictions", type=Path, required=True, help="folder for predictions.jsonl")
        p.add_argument("--gallery", type=Path, required=True, help="HTML page for visual inspection")
        return p

    def stage(args):
        from datasets import load_from_disk
        from transformers import set_seed

        config = load_section(EvaluateConfig, "evaluate", args.params)
        quant = load_section(QuantConfig, "quant", args.params)
        system = io.read_json(args.tokenized / FORMAT_FILE)["system_prompt"]
        test = io.read_jsonl(args.splits / "test.jsonl")[: config.max_examples]
        tokenized = load_from_disk(str(args.tokenized / "test"))
        if config.max_examples is not None:
            tokenized = tokenized.select(range(min(config.max_examples, len(tokenized))))
        if not test:
            raise FileNotFoundError(f"{args.splits / 'test.jsonl'} holds no examples: raise split.test_size")
        tokenizer = load_tokenizer(args.adapter)
        model = load_adapted_model(resolve_base(args.base, args.quantized), args.adapter, quant)
        prompts, references = [r["prompt"] for r in test], [r["html"] for r in test]

        results, per_example = {}, {}
        for name in ("base", "finetuned"):
            set_seed(config.seed)
            started = time.perf_counter()
            log.info("%s: generating %d answers (max_new_tokens %d)", name, len(prompts), config.max_new_tokens)
            # Same weights with the adapter off: the base model.
            with model.disable_adapter() if name == "base" else contextlib.nullcontext():
                predictions = generate(model, tokenizer, prompts, system, config)
                ppl = dataset_perplexity(model, tokenized, tokenizer.pad_token_id, config.perplexity_batch_size)
            results[name], scored = score(predictions, references)
            results[name]["perplexity"] = round(ppl, 4)
            results[name]["seconds"] = round(time.perf_counter() - started, 1)
            per_example[name] = [{**p, **s} for p, s in zip(predictions, scored, strict=True)]
            log.info("%s: %s", name, results[name])

        delta = {k: round(results["finetuned"][k] - results["base"][k], 4) for k in results["base"]
                 if k != "seconds"}
        summary = {"examples": len(test), "decoding": {"do_sample": config.do_sample,
                                                       "max_new_tokens": config.max_new_tokens},
                   "base": results["base"], "finetuned": results["finetuned"], "delta": delta}
        io.write_json(args.metrics, summary)
        rows = [{"id": r["id"], "prompt": r["prompt"], "reference": r["html"],
                 "base": per_example["base"][i], "finetuned": per_example["finetuned"][i]}
                for i, r in enumerate(test)]
        with io.atomic_path(args.predictions) as tmp:
            tmp.mkdir()
            io.write_jsonl(tmp / "predictions.jsonl", rows)
        io.write_text(args.gallery, render_gallery(rows, summary))

    return runner.run(stage, build_parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
