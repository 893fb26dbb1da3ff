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


def _right_padded(examples, pad_id: int):
    """input_ids, attention mask and labels of ``examples`` right-padded to the longest."""
    width = max(len(e.input_ids) for e in examples)
    pad_to = lambda seq, value: seq + [value] * (width - len(seq))  # noqa: E731
    return (torch.tensor([pad_to(e.input_ids, pad_id) for e in examples]),
            torch.tensor([pad_to([1] * len(e.input_ids), 0) for e in examples]),
            torch.tensor([pad_to(e.labels, IGNORE_INDEX) for e in examples]))


def test_batched_perplexity_is_token_weighted_over_examples(tiny):
    model, tokenizer = tiny
    short = _example(tokenizer, "A heading", "<!DOCTYPE html><html><body><h1>Hi</h1></body></html>")
    long = _example(tokenizer, "A page with a heading", CLEAN_DOCUMENT)
    singles = [metrics.answer_nll(model, torch.tensor([e.input_ids]), torch.ones(1, len(e.input_ids), dtype=torch.long),
                                  torch.tensor([e.labels])) for e in (short, long)]

    ids, mask, labels = _right_padded((short, long), tokenizer.pad_token_id)
    nll, tokens = metrics.answer_nll(model, ids, mask, labels)

    assert tokens == sum(count for _, count in singles)
    assert nll == pytest.approx(sum(value for value, _ in singles), rel=1e-4)
    # Token-weighted, not the mean of the two per-example perplexities.
    assert metrics.perplexity(nll, tokens) == pytest.approx(math.exp(nll / tokens))


# --------------------------------------------------------------------------- markup metrics


PAGE = ('<!DOCTYPE html>\n<html lang="en">\n<body>\n  <div class="card">\n    <h2>Coffee</h2>\n'
        '    <p>Fresh beans daily</p>\n  </div>\n</body>\n</html>')


def test_markup_metrics_see_markup_that_text_rouge_cannot():
    """PITFALLS #9: strip the markup to its words and text-only ROUGE still calls it a perfect match."""
    words_only = "DOCTYPE html html lang en body div class card h2 Coffee h2 p Fresh beans daily p div body html"
    assert metrics.rouge(words_only, PAGE)["rougeL"] == pytest.approx(1.0)
    assert metrics.markup_rouge_l(words_only, PAGE) < 0.8
    assert metrics.chrf(words_only, PAGE) < 0.8
    assert metrics.markup_rouge_l(PAGE, PAGE) == pytest.approx(1.0) and metrics.chrf(PAGE, PAGE) == pytest.approx(1.0)


def test_changing_only_attributes_moves_markup_metrics_not_text_rouge():
    restyled = PAGE.replace('<div class="card">', "<div>").replace('lang="en"', "")
    text = metrics.rouge(restyled, PAGE)["rougeL"]
    assert metrics.markup_rouge_l(restyled, PAGE) < 1.0 and metrics.chrf(restyled, PAGE) < 1.0
    # The text-only score loses far less: it sees 4 words gone, not the attributes' markup.
    assert 1 - text < 1 - metrics.markup_rouge_l(restyled, PAGE)


def test_markup_tokenizer_keeps_tags_attributes_and_css():
    tokens = metrics.MarkupTokenizer().tokenize('<a class="x" href="#">Go</a><style>.x{color:red}</style>')
    assert tokens[:6] == ["<a", "class=", '"', "x", '"', "href="]
    assert "</a" in tokens and "<style" in tokens and "{" in tokens and ":" in tokens


def test_chrf_is_known_values_of_sacrebleu():
    from sacrebleu.metrics import CHRF

    assert metrics.chrf("abcdef", "abcdeg") == pytest.approx(CHRF().sentence_score("abcdef", ["abcdeg"]).score / 100)
    assert metrics.chrf("", PAGE) == 0.0


# --------------------------------------------------------------------------- intervals


def test_bootstrap_interval_contains_the_mean_and_narrows_with_more_examples():
    few = metrics.bootstrap_mean([0, 1] * 8, samples=1000)
    many = metrics.bootstrap_mean([0, 1] * 200, samples=1000)
    for result in (few, many):
        assert result["mean"] == 0.5 and result["ci95"][0] < 0.5 < result["ci95"][1]
    assert many["ci95"][1] - many["ci95"][0] < (few["ci95"][1] - few["ci95"][0]) / 3
    assert metrics.bootstrap_mean([1, 1, 1]) == {"mean": 1.0, "ci95": [1.0, 1.0]}


def test_bootstrap_perplexity_is_token_weighted_and_the_paired_difference_sees_a_shift():
    nll, tokens = [10.0, 40.0, 20.0, 30.0], [10, 20, 10, 20]
    result = metrics.bootstrap_perplexity(nll, tokens, samples=500)
    assert result["mean"] == pytest.approx(math.exp(100 / 60), abs=1e-4)
    assert result["ci95"][0] <= result["mean"] <= result["ci95"][1]
    worse = [n + t * 0.5 for n, t in zip(nll, tokens, strict=True)]  # every example 0.5 nats/token worse
    diff = metrics.bootstrap_perplexity_difference(nll, tokens, worse, tokens, samples=500)
    assert diff["mean"] == pytest.approx(math.exp(100 / 60 + 0.5) - math.exp(100 / 60), abs=1e-4)
    assert diff["ci95"][0] > 0  # a consistent shift is significant even on 4 examples


def test_per_row_nll_equals_the_rows_scored_alone(tiny):
    model, tokenizer = tiny
    a = _example(tokenizer, "A heading", "<!DOCTYPE html><html><body><h1>Hi</h1></body></html>")
    b = _example(tokenizer, "A page with a heading", CLEAN_DOCUMENT)
    ids, mask, labels = _right_padded((a, b), tokenizer.pad_token_id)
    nll, counts = metrics.answer_nll_per_row(model, ids, mask, labels)
    for row, example in enumerate((a, b)):
        alone = metrics.answer_nll(model, torch.tensor([example.input_ids]),
                                   torch.ones(1, len(example.input_ids), dtype=torch.long), torch.tensor([example.labels]))
        assert nll[row] == pytest.approx(alone[0], rel=1e-4) and counts[row] == alone[1]
