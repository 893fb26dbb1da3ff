"""Evaluation metrics, as plain functions of strings and tensors (tested on hand-made cases).

Text metrics come in two kinds, labelled as such in metrics/eval.json:
- *markup* metrics see the HTML as written: chrF (sacrebleu, character n-grams of the raw
  source) and ``markup_rougeL`` (ROUGE-L over tokens that keep tags, attribute names, CSS and
  punctuation), so changing ``<div class="card">`` to ``<section class="card">`` moves them;
- *text-only* ROUGE (``text_rouge*``, rouge-score's default tokenizer) drops every non-alphanumeric
  character, so it sees words only: kept for comparison with earlier runs (PITFALLS #9).
Nothing here repairs or closes the HTML: outputs are scored as generated."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import torch

from htmlgen.prompting import IGNORE_INDEX
from htmlgen.records import normalise_whitespace

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
# A document starts with its doctype or <html> tag: prose or a markdown fence around the
# markup is not a page a server could return as is.
_DOCUMENT_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>])", re.IGNORECASE)


# Markup tokens: a tag opening with its name (<div, </div), a tag end (>, />), an attribute name
# with its = (class=), a word or number, and any other single non-space character (quotes, CSS
# braces and colons, JS operators). Case is kept: HTML tag case is style, and it is the house style.
_MARKUP_TOKEN = re.compile(r"</?[A-Za-z][\w:-]*|/?>|[A-Za-z_:][\w:.-]*=|[\w#.-]+|[^\s\w]")


class MarkupTokenizer:
    """rouge-score tokenizer that keeps the markup (the default one keeps only [a-z0-9] words)."""

    def tokenize(self, text: str) -> list[str]:
        return _MARKUP_TOKEN.findall(text)


def rouge(prediction: str, reference: str) -> dict[str, float]:
    """Text-only ROUGE-1/2/L F1 with rouge-score's default tokenizer (`evaluate.load("rouge")`
    needs the Hub): words only, markup is invisible to it."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=False)
    scores = scorer.score(reference, prediction)
    return {name: scores[name].fmeasure for name in ROUGE_TYPES}


def markup_rouge_l(prediction: str, reference: str) -> float:
    """ROUGE-L F1 over markup tokens (tags, attributes, CSS and text)."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rougeL"], tokenizer=MarkupTokenizer())
    return scorer.score(reference, prediction)["rougeL"].fmeasure


def chrf(prediction: str, reference: str) -> float:
    """chrF (sacrebleu, character 6-grams, beta 2) of the raw source, on a 0-1 scale."""
    from sacrebleu.metrics import CHRF

    return CHRF().sentence_score(prediction, [reference]).score / 100


def exact_match(prediction: str, reference: str) -> dict[str, bool]:
    return {
        "exact_match": prediction == reference,
        "exact_match_normalised": normalise_whitespace(prediction) == normalise_whitespace(reference),
    }


@dataclass
class HtmlCheck:
    is_document: bool  # starts with a doctype or <html> and parses with html5lib
    parse_errors: int  # html5lib's parse errors (unclosed tags, stray text, ...)
    complete: bool  # ends with </html>: the model finished the page (PITFALLS #2)


def check_html(text: str) -> HtmlCheck:
    import html5lib

    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    try:
        parser.parse(text)
        parsed = True
    except Exception:  # html5lib recovers from nearly anything; a crash means not parseable
        parsed = False
    return HtmlCheck(
        is_document=parsed and bool(_DOCUMENT_START.match(text)),
        parse_errors=len(parser.errors),
        complete=text.rstrip().lower().endswith("</html>"),
    )


@torch.no_grad()
def answer_nll(model, input_ids: torch.Tensor, attention_mask: torch.Tensor, labels: torch.Tensor) -> tuple[float, int]:
    """Summed negative log-likelihood of the labelled (answer) tokens and their count."""
    nll, counts = answer_nll_per_row(model, input_ids, attention_mask, labels)
    return sum(nll), sum(counts)


@torch.no_grad()
def answer_nll_per_row(model, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                       labels: torch.Tensor) -> tuple[list[float], list[int]]:
    """Per row: summed negative log-likelihood of the labelled (answer) tokens, and their count
    (per row, so perplexity can be bootstrapped and joined to the other metrics by id)."""
    logits = model(input_ids=input_ids, attention_mask=attention_mask).logits.float()
    shift_logits, shift_labels = logits[:, :-1, :], labels[:, 1:]
    # Flattened rows, not (batch, vocab, time): the transposed layout made this 7x slower on a CPU.
    nll = torch.nn.functional.cross_entropy(
        shift_logits.reshape(-1, shift_logits.shape[-1]), shift_labels.reshape(-1), ignore_index=IGNORE_INDEX,
        reduction="none").view(shift_labels.shape)
    return nll.sum(dim=1).tolist(), (shift_labels != IGNORE_INDEX).sum(dim=1).tolist()


def perplexity(total_nll: float, tokens: int) -> float:
    """exp of the mean answer-token loss (token-weighted over the whole set)."""
    return math.exp(total_nll / tokens) if tokens else float("nan")


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else float("nan")


# --------------------------------------------------------------------------- intervals


def bootstrap_mean(values, samples: int = 2000, seed: int = 0) -> dict:
    """Mean with its 95% percentile-bootstrap interval (scipy), resampling examples."""
    import numpy as np
    from scipy.stats import bootstrap

    data = np.asarray(list(values), dtype=float)
    if len(data) == 0:
        return {"mean": float("nan"), "ci95": [float("nan"), float("nan")]}
    if len(data) == 1 or np.all(data == data[0]):  # no spread: the interval is the point
        return {"mean": round(float(data.mean()), 4), "ci95": [round(float(data[0]), 4)] * 2}
    result = bootstrap((data,), np.mean, n_resamples=samples, method="percentile", vectorized=True,
                       random_state=np.random.default_rng(seed))
    interval = result.confidence_interval
    return {"mean": round(float(data.mean()), 4), "ci95": [round(float(interval.low), 4),
                                                           round(float(interval.high), 4)]}


def bootstrap_perplexity(nll, tokens, samples: int = 2000, seed: int = 0) -> dict:
    """Token-weighted perplexity exp(sum nll / sum tokens) with a 95% interval, resampling examples."""
    import numpy as np
    from scipy.stats import bootstrap

    nll, tokens = np.asarray(nll, dtype=float), np.asarray(tokens, dtype=float)
    point = math.exp(nll.sum() / tokens.sum()) if tokens.sum() else float("nan")
    if len(nll) < 2:
        return {"mean": round(point, 4), "ci95": [round(point, 4)] * 2}

    def statistic(n, t, axis=-1):
        return np.exp(n.sum(axis=axis) / t.sum(axis=axis))

    result = bootstrap((nll, tokens), statistic, paired=True, n_resamples=samples, method="percentile",
                       vectorized=True, random_state=np.random.default_rng(seed))
    interval = result.confidence_interval
    return {"mean": round(point, 4), "ci95": [round(float(interval.low), 4), round(float(interval.high), 4)]}


def bootstrap_perplexity_difference(nll_a, tokens_a, nll_b, tokens_b, samples: int = 2000, seed: int = 0) -> dict:
    """Paired difference perplexity(b) - perplexity(a) on the same examples, with a 95% interval."""
    import numpy as np
    from scipy.stats import bootstrap

    arrays = [np.asarray(x, dtype=float) for x in (nll_a, tokens_a, nll_b, tokens_b)]

    def statistic(na, ta, nb, tb, axis=-1):
        return np.exp(nb.sum(axis=axis) / tb.sum(axis=axis)) - np.exp(na.sum(axis=axis) / ta.sum(axis=axis))

    point = float(statistic(*arrays))
    if len(arrays[0]) < 2:
        return {"mean": round(point, 4), "ci95": [round(point, 4)] * 2}
    result = bootstrap(tuple(arrays), statistic, paired=True, n_resamples=samples, method="percentile",
                       vectorized=True, random_state=np.random.default_rng(seed))
    interval = result.confidence_interval
    return {"mean": round(point, 4), "ci95": [round(float(interval.low), 4), round(float(interval.high), 4)]}
