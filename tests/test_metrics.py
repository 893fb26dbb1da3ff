"""Evaluation metrics on hand-made cases: ROUGE, exact match, the HTML checks and the
answer-only perplexity (checked against the model's own loss on the tiny Llama)."""

from __future__ import annotations

import math

import pytest
import torch

from htmlgen import metrics
from htmlgen.modeling import load_base_model, load_tokenizer
from htmlgen.prompting import IGNORE_INDEX, build_example

SYSTEM = "You write HTML."
CLEAN_DOCUMENT = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Shop</title></head>\n"
                  "<body><h1>Hello</h1><p>A <a href=\"#\">link</a>.</p></body>\n</html>\n")


# --------------------------------------------------------------------------- ROUGE


def test_rouge_of_identical_text_is_one():
    scores = metrics.rouge(CLEAN_DOCUMENT, CLEAN_DOCUMENT)
    assert set(scores) == set(metrics.ROUGE_TYPES)
    assert all(score == pytest.approx(1.0) for score in scores.values())


def test_rouge_of_disjoint_text_is_zero():
    scores = metrics.rouge("red green blue", "alpha beta gamma delta")
    assert all(score == 0.0 for score in scores.values())


def test_rouge_partial_overlap_matches_hand_computed_f1():
    prediction, reference = "the cat sat", "the cat ran away"
    pred_words, ref_words = prediction.split(), reference.split()

    def f1(overlap: int, predicted: int, referenced: int) -> float:
        precision, recall = overlap / predicted, overlap / referenced
        return 2 * precision * recall / (precision + recall)

    unigram_overlap = len(set(pred_words) & set(ref_words))  # the, cat (no repeated words here)
    pred_bigrams = set(zip(pred_words, pred_words[1:]))
    ref_bigrams = set(zip(ref_words, ref_words[1:]))
    bigram_overlap = len(pred_bigrams & ref_bigrams)  # (the, cat)
    scores = metrics.rouge(prediction, reference)
    assert scores["rouge1"] == pytest.approx(f1(unigram_overlap, len(pred_words), len(ref_words)))
    assert scores["rouge2"] == pytest.approx(f1(bigram_overlap, len(pred_bigrams), len(ref_bigrams)))
    # The longest common subsequence is "the cat": the same counts as the unigram overlap.
    assert scores["rougeL"] == pytest.approx(f1(2, len(pred_words), len(ref_words)))
    assert 0 < scores["rouge2"] < scores["rouge1"] < 1


# --------------------------------------------------------------------------- exact match


def test_exact_match_raw_is_strict_and_normalised_ignores_whitespace():
    reference = "<p>Hello there</p>"
    assert metrics.exact_match(reference, reference) == {"exact_match": True, "exact_match_normalised": True}
    for variant in ("<p>Hello  there</p>", "\n<p>Hello\tthere</p>\n", "<p>Hello\nthere</p> "):
        assert metrics.exact_match(variant, reference) == {"exact_match": False, "exact_match_normalised": True}
    assert metrics.exact_match("<p>Hello there!</p>", reference) == {"exact_match": False,
                                                                    "exact_match_normalised": False}


# --------------------------------------------------------------------------- HTML checks


def test_full_document_is_a_complete_document_without_parse_errors():
    check = metrics.check_html(CLEAN_DOCUMENT)
    assert check.is_document and check.complete
    assert check.parse_errors == 0


def test_fragment_without_html_or_doctype_is_not_a_document():
    check = metrics.check_html("<div class=\"card\"><p>Hi</p></div>")
    assert not check.is_document
    assert not check.complete


def test_truncated_document_is_not_complete():
    truncated = CLEAN_DOCUMENT[: CLEAN_DOCUMENT.index("<p>") + 8]
    check = metrics.check_html(truncated)
    assert check.is_document  # it starts like a page ...
    assert not check.complete  # ... but the model never wrote </html>


def test_broken_markup_has_parse_errors():
    broken = "<!DOCTYPE html><html><body></span><p>unclosed<div>x</p></table></body></html>"
    assert metrics.check_html(broken).parse_errors > 0
    assert metrics.check_html(CLEAN_DOCUMENT).parse_errors == 0


def test_mean_of_nothing_is_nan_and_perplexity_of_no_tokens_is_nan():
    assert math.isnan(metrics.mean([]))
    assert math.isnan(metrics.perplexity(0.0, 0))


# --------------------------------------------------------------------------- perplexity


@pytest.fixture(scope="module")
def tiny(tiny_base_dir):
    model = load_base_model(tiny_base_dir)
    model.eval()
    return model, load_tokenizer(tiny_base_dir)


def _example(tokenizer, prompt: str, html: str):
    example = build_example(tokenizer, prompt, html, SYSTEM, max_seq_len=1024, long_examples="drop")
    assert example.status == "ok"
    return example


def test_answer_perplexity_equals_exp_of_model_loss_with_prompt_masked(tiny):
    model, tokenizer = tiny
    example = _example(tokenizer, "A page with a heading", CLEAN_DOCUMENT)
    input_ids = torch.tensor([example.input_ids])
    labels = torch.tensor([example.labels])
    assert (labels[0, : example.prompt_tokens] == IGNORE_INDEX).all()  # the prompt is masked

    with torch.no_grad():
        hf_loss = model(input_ids=input_ids, labels=labels).loss.item()  # mean over unmasked targets
    nll, tokens = metrics.answer_nll(model, input_ids, torch.ones_like(input_ids), labels)

    assert tokens == example.answer_tokens == example.trainable_tokens
    assert metrics.perplexity(nll, tokens) == pytest.approx(math.exp(hf_loss), rel=1e-4)


def test_masked_tokens_do_not_count_in_answer_nll(tiny):
    model, tokenizer = tiny
    example = _example(tokenizer, "A page with a heading", CLEAN_DOCUMENT)
    input_ids = torch.tensor([example.input_ids])
    labels = torch.tensor([example.labels])
    nll, tokens = metrics.answer_nll(model, input_ids, torch.ones_like(input_ids), labels)

    # Unmasking the prompt adds its tokens (all but the first, which nothing predicts) and their loss.
    unmasked = input_ids.clone()
    nll_all, tokens_all = metrics.answer_nll(model, input_ids, torch.ones_like(input_ids), unmasked)
    assert tokens_all == tokens + example.prompt_tokens - 1
    assert nll_all > nll

    # Right padding (attention 0, label -100) changes neither the sum nor the count.
    pad = 7
    padded_ids = torch.cat([input_ids, torch.full((1, pad), tokenizer.pad_token_id)], dim=1)
    padded_mask = torch.cat([torch.ones_like(input_ids), torch.zeros(1, pad, dtype=torch.long)], dim=1)
    padded_labels = torch.cat([labels, torch.full((1, pad), IGNORE_INDEX)], dim=1)
    nll_padded, tokens_padded = metrics.answer_nll(model, padded_ids, padded_mask, padded_labels)
    assert tokens_padded == tokens
    assert nll_padded == pytest.approx(nll, rel=1e-5)


def test_batched_perplexity_is_token_weighted_over_examples(tiny):
    model, tokenizer = tiny
    short = _example(tokenizer, "A heading", "<!DOCTYPE html><html><body><h1>Hi</h1></body></html>")
    long = _example(tokenizer, "A page with a heading", CLEAN_DOCUMENT)
    singles = [metrics.answer_nll(model, torch.tensor([e.input_ids]), torch.ones(1, len(e.input_ids), dtype=torch.long),
                                  torch.tensor([e.labels])) for e in (short, long)]

    width = len(long.input_ids)
    pad_to = lambda seq, value: seq + [value] * (width - len(seq))  # noqa: E731
    ids = torch.tensor([pad_to(e.input_ids, tokenizer.pad_token_id) for e in (short, long)])
    mask = torch.tensor([pad_to([1] * len(e.input_ids), 0) for e in (short, long)])
    labels = torch.tensor([pad_to(e.labels, IGNORE_INDEX) for e in (short, long)])
    nll, tokens = metrics.answer_nll(model, ids, mask, labels)

    assert tokens == sum(count for _, count in singles)
    assert nll == pytest.approx(sum(value for value, _ in singles), rel=1e-4)
    # Token-weighted, not the mean of the two per-example perplexities.
    assert metrics.perplexity(nll, tokens) == pytest.approx(math.exp(nll / tokens))
