"""The evaluate stage's pieces: aggregate scores from per-row metrics, a gallery page that never
runs generated HTML, and greedy generation on the tiny model (deterministic, batch-independent,
cut at the end-of-turn token with honest counts)."""

from __future__ import annotations

import copy
from html.parser import HTMLParser

import pytest
import torch

from htmlgen import metrics
from htmlgen.config import EvaluateConfig
from htmlgen.modeling import load_adapted_model, load_tokenizer
from htmlgen.prompting import encode_prompt
from htmlgen.stages.evaluate import ProgressLog, generate, render_gallery, score

SYSTEM = "You write HTML."
REFERENCES = [
    "<!DOCTYPE html>\n<html><head><title>A</title></head><body><h1>Hello</h1></body></html>",
    "<!DOCTYPE html>\n<html><head><title>B</title></head><body><ul><li>One</li><li>Two</li></ul></body></html>",
]
PROMPTS = ["A page with a blue button", "A heading", "A long request for a landing page with a hero and pricing"]


# --------------------------------------------------------------------------- score


def test_score_aggregates_per_example_metrics():
    predictions = [
        {"text": REFERENCES[0], "stopped": True, "new_tokens": 20},  # an exact copy
        {"text": "", "stopped": False, "new_tokens": 64},  # nothing useful before the budget ran out
    ]
    summary, rows = score(predictions, REFERENCES)

    assert len(rows) == 2
    assert summary["exact_match"] == 0.5 and summary["exact_match_normalised"] == 0.5
    for name in metrics.ROUGE_TYPES:
        per_row = [metrics.rouge(p["text"], r)[name] for p, r in zip(predictions, REFERENCES, strict=True)]
        assert rows[0][name] == pytest.approx(1.0) and rows[1][name] == 0.0
        assert summary[name] == pytest.approx(round(sum(per_row) / len(per_row), 4))
    assert summary["html_document_rate"] == 0.5 and summary["complete_rate"] == 0.5
    assert summary["stopped_rate"] == 0.5
    assert summary["new_tokens_mean"] == pytest.approx((20 + 64) / 2)
    assert summary["parse_errors_mean"] == pytest.approx(sum(r["parse_errors"] for r in rows) / 2)


def test_score_counts_whitespace_variants_only_as_normalised_matches():
    reflowed = "  " + REFERENCES[1].replace("\n", "\n\n\t") + "\n"  # other whitespace, same places
    partial = REFERENCES[0][:40]
    summary, rows = score([{"text": reflowed, "stopped": True, "new_tokens": 30},
                           {"text": partial, "stopped": False, "new_tokens": 12}], REFERENCES[::-1])
    assert [r["exact_match"] for r in rows] == [False, False]
    assert [r["exact_match_normalised"] for r in rows] == [True, False]
    assert summary["exact_match"] == 0.0 and summary["exact_match_normalised"] == 0.5
    assert rows[1]["complete"] is False and rows[0]["complete"] is True
    with pytest.raises(ValueError):  # one prediction per reference, or it is a bug upstream
        score([{"text": "", "stopped": False, "new_tokens": 0}], REFERENCES)


# --------------------------------------------------------------------------- gallery


class _PageParser(HTMLParser):
    """Every start tag with its attributes, and the text of <pre> blocks, as a browser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.pre_text: list[str] = []
        self._in_pre = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_pre = self._in_pre or tag == "pre"
        if tag == "pre":
            self.pre_text.append("")

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_pre = False

    def handle_data(self, data):
        if self._in_pre:
            self.pre_text[-1] += data


def test_gallery_sandboxes_iframes_and_escapes_scripts():
    evil = ('<!DOCTYPE html><html><body><script>alert("owned")</script>'
            '"><img src=x onerror=alert(1)></iframe><script>fetch("/steal")</script></body></html>')
    rows = [{
        "id": "t1", "prompt": "A page <script>alert('prompt')</script>", "reference": REFERENCES[0],
        "base": {"text": evil, "rougeL": 0.12345}, "finetuned": {"text": REFERENCES[0], "rougeL": 1.0},
    }]
    summary = {side: {"rougeL": 0.5, "perplexity": 12.3, "html_document_rate": 1.0} for side in ("base", "finetuned")}
    page = render_gallery(rows, summary)
    parser = _PageParser()
    parser.feed(page)
    parser.close()
    tags = [tag for tag, _ in parser.tags]

    assert "script" not in tags and "img" not in tags  # nothing from the content became a live tag
    iframes = [attrs for tag, attrs in parser.tags if tag == "iframe"]
    assert len(iframes) == 3  # reference, base, fine-tuned
    for attrs in iframes:
        assert "sandbox" in attrs
        assert not (attrs["sandbox"] or "").strip()  # no allow-scripts, no allow-same-origin
    # The untrusted HTML sits, intact, inside srcdoc (rendered in the sandbox) and as text in <pre>.
    assert sorted(attrs["srcdoc"] for attrs in iframes) == sorted([REFERENCES[0], evil, REFERENCES[0]])
    assert evil in parser.pre_text
    assert "<script>" not in page.replace("&lt;script&gt;", "")  # only ever escaped in the raw page
    csp = [attrs for tag, attrs in parser.tags if tag == "meta" and attrs.get("http-equiv")]
    assert csp and "default-src 'none'" in csp[0]["content"]


# --------------------------------------------------------------------------- generate


@pytest.fixture(scope="module")
def adapted(tiny_base_dir, tiny_adapter_dir):
    # The adapter (random, non-zero LoRA) makes the tiny model's greedy outputs differ between prompts.
    return load_adapted_model(tiny_base_dir, tiny_adapter_dir), load_tokenizer(tiny_adapter_dir)


@torch.no_grad()
def greedy_ids(model, tokenizer, prompt: str, steps: int) -> list[int]:
    """Reference greedy decoding: one full forward pass per step, argmax of the last position."""
    ids = encode_prompt(tokenizer, prompt, SYSTEM)
    out = []
    for _ in range(steps):
        next_id = int(model(input_ids=torch.tensor([ids + out])).logits[0, -1].argmax())
        out.append(next_id)
    return out


def test_greedy_generation_is_deterministic_and_batch_independent(adapted):
    model, tokenizer = adapted
    config = EvaluateConfig(max_new_tokens=10, batch_size=len(PROMPTS), do_sample=False)
    first = generate(model, tokenizer, PROMPTS, SYSTEM, config)
    again = generate(model, tokenizer, PROMPTS, SYSTEM, config)
    one_by_one = generate(model, tokenizer, PROMPTS, SYSTEM, EvaluateConfig(max_new_tokens=10, batch_size=1))

    assert first == again
    assert first == one_by_one  # left padding does not change what a prompt gets
    assert len({o["text"] for o in first}) > 1, "all outputs identical: the check would prove little"
    eot = tokenizer.eos_token_id
    for prompt, output in zip(PROMPTS, first, strict=True):
        expected = greedy_ids(model, tokenizer, prompt, config.max_new_tokens)
        cut = expected[: expected.index(eot)] if eot in expected else expected
        assert output["stopped"] == (eot in expected)
        assert output["new_tokens"] == len(cut) <= config.max_new_tokens
        assert output["text"] == tokenizer.decode(cut, skip_special_tokens=True).strip()


def test_generation_stops_at_end_of_turn_and_counts_tokens_before_it(adapted):
    """The tiny model never emits the real end-of-turn token, so declare one it does emit (in a copy
    of the tokenizer) and check the cut, the flags and the counts against reference decoding."""
    model, tokenizer = adapted
    max_new = 10
    expected = {p: greedy_ids(model, tokenizer, p, max_new) for p in PROMPTS}
    # A token that first appears after a few others in one output, so `stopped` comes with text before it.
    sequence = next(s for s in expected.values() if len(set(s)) > 1)
    position = next(i for i, t in enumerate(sequence) if i > 0 and t not in sequence[:i])
    stop_token = sequence[position]
    stopping = copy.deepcopy(tokenizer)
    stopping.eos_token = tokenizer.convert_ids_to_tokens(stop_token)
    assert stopping.eos_token_id == stop_token and stopping.pad_token_id == tokenizer.pad_token_id

    outputs = generate(model, stopping, PROMPTS, SYSTEM, EvaluateConfig(max_new_tokens=max_new,
                                                                        batch_size=len(PROMPTS)))
    assert any(o["stopped"] for o in outputs)
    for prompt, output in zip(PROMPTS, outputs, strict=True):
        ids = expected[prompt]
        if stop_token in ids:
            cut = ids[: ids.index(stop_token)]
            assert output["stopped"] and output["new_tokens"] == len(cut) < max_new
        else:
            cut = ids
            assert not output["stopped"] and output["new_tokens"] == max_new
        assert output["text"] == tokenizer.decode(cut, skip_special_tokens=True).strip()


def test_progress_log_reports_finished_rows_and_never_stops(caplog):
    eot, width = 7, 3
    progress = ProgressLog(eot, prompt_width=width, every=4)
    rows = torch.tensor([[1, 2, 3, 5, eot, 0, 0], [1, 2, 3, 5, 5, 5, 5], [1, 2, 3, eot, 0, 0, 0]])
    with caplog.at_level("INFO", logger="htmlgen.evaluate"):
        keep_going = progress(rows, None)
        silent = progress(rows[:, :-1], None)  # 3 new tokens: not a multiple of `every`
    assert keep_going.tolist() == [False, False, False] and silent.tolist() == [False] * 3
    logged = [r.getMessage() for r in caplog.records]
    assert len(logged) == 1 and "4 tokens per prompt, 2/3 prompts finished" in logged[0]
