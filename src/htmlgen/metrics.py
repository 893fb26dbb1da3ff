"""Evaluation metrics, as plain functions of strings and tensors (tested on hand-made cases)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import torch

from htmlgen.prompting import IGNORE_INDEX

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
# A document starts with its doctype or <html> tag: prose or a markdown fence around the
# markup is not a page a server could return as is.
_DOCUMENT_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def rouge(prediction: str, reference: str) -> dict[str, float]:
    """ROUGE-1/2/L F1 with rouge-score (`evaluate.load("rouge")` needs the Hub)."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=False)
    scores = scorer.score(reference, prediction)
    return {name: scores[name].fmeasure for name in ROUGE_TYPES}


def normalise_whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


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
    logits = model(input_ids=input_ids, attention_mask=attention_mask).logits.float()
    shift_logits, shift_labels = logits[:, :-1, :], labels[:, 1:]
    nll = torch.nn.functional.cross_entropy(
        shift_logits.reshape(-1, shift_logits.size(-1)), shift_labels.reshape(-1),
        ignore_index=IGNORE_INDEX, reduction="sum")
    return nll.item(), int((shift_labels != IGNORE_INDEX).sum())


def perplexity(total_nll: float, tokens: int) -> float:
    """exp of the mean answer-token loss (token-weighted over the whole set)."""
    return math.exp(total_nll / tokens) if tokens else float("nan")


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else float("nan")
