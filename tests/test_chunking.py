"""Long pages in chunks (tokenize.long_examples: chunk): where a page may be cut (never inside a tag,
an attribute, a CSS rule or a script string: property test over generated pages with long <style>
and <script> blocks), chunks that rebuild the page byte for byte with only the last ending the turn
and their context masked, chunks that stay in their page's split, and generation that continues a
page that ran out of tokens into one whole document."""

from __future__ import annotations

import dataclasses

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from htmlgen import io
from htmlgen.chunking import cut_points, page_id
from htmlgen.config import ConfigError, FinetuneConfig, GenerateConfig, TokenizeConfig, build
from htmlgen.generation import generate_answers, generate_pages
from htmlgen.modeling import load_base_model, load_tokenizer
from htmlgen.prompting import (IGNORE_INDEX, build_chunk_examples, build_example, continuation_request,
                               encode_prompt)
from htmlgen.stages import tokenize

SYSTEM = "You write HTML."


@pytest.fixture(scope="module")
def tokenizer(tiny_base_dir):
    return load_tokenizer(tiny_base_dir)


# --------------------------------------------------------------------------- generated pages

# Characters that would end a rule, a statement or a tag if a splitter looked at them naively.
TRICKY = st.text(alphabet="ab;{}<>/'\"` =\n", min_size=0, max_size=12)
WORDS = st.text(alphabet="abcdefgh", min_size=1, max_size=6)
QUOTES = st.sampled_from(['"', "'"])


class Page:
    """A page built from pieces, with the spans no cut may fall strictly inside."""

    def __init__(self):
        self.text, self.forbidden = "", []

    def add(self, piece: str, forbidden: bool = False) -> None:
        if forbidden and len(piece) > 1:
            self.forbidden.append((len(self.text), len(self.text) + len(piece), piece))
        self.text += piece


def quoted(value: str, quote: str) -> str:
    escaped = value.replace("\\", "").replace(quote, "\\" + quote).replace("\n", " ")
    return f"{quote}{escaped}{quote}"


@st.composite
def css_rule(draw) -> str:
    selector = draw(st.sampled_from([".card", "#main > p", "a:hover", "ul li + li", "[data-x=\"}\"]"]))
    declarations = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["plain", "string", "comment", "url"]))
        if kind == "plain":
            declarations.append(f"color: #{draw(st.integers(0, 4095)):03x}")
        elif kind == "string":
            declarations.append("content: " + quoted(draw(TRICKY), draw(QUOTES)))
        elif kind == "comment":
            declarations.append(f"/* {draw(TRICKY).replace('*/', '')} */ margin: 0")
        else:
            declarations.append(f"background: url(\"data:image/svg+xml;utf8,<svg>{draw(WORDS)}</svg>\")")
    return f"{selector} {{ {'; '.join(declarations)}; }}"


@st.composite
def stylesheet(draw, page: Page) -> None:
    page.add("<style>", forbidden=True)
    for _ in range(draw(st.integers(8, 40))):
        page.add("\n")
        if draw(st.booleans()):
            page.add(draw(css_rule()), forbidden=True)
        else:  # an at-rule: cuts between its inner rules, never inside its prelude or a rule
            page.add("@media (max-width: 600px) {", forbidden=True)
            for _ in range(draw(st.integers(1, 3))):
                page.add("\n  ")
                page.add(draw(css_rule()), forbidden=True)
            page.add("\n}")
    page.add("\n")
    page.add("</style>", forbidden=True)


@st.composite
def script(draw, page: Page) -> None:
    page.add("<script>", forbidden=True)
    for number in range(draw(st.integers(8, 40))):
        page.add("\n")
        kind = draw(st.sampled_from(["string", "template", "regex", "function", "loop", "comment"]))
        if kind == "string":
            page.add(f"var s{number} = " + quoted(draw(TRICKY), draw(QUOTES)) + ";", forbidden=True)
        elif kind == "template":
            body = draw(TRICKY).replace("`", "").replace("$", "")
            page.add(f"let t{number} = `{body}\n;}}{body}`;", forbidden=True)
        elif kind == "regex":
            page.add(f"const r{number} = /[;}}]+{draw(WORDS)}/g.test(x);", forbidden=True)
        elif kind == "loop":
            page.add(f"for (let i = 0; i < {number}; i++)", forbidden=True)  # no cut at its inner ';'
            page.add(" { ")
            page.add("x += i;", forbidden=True)
            page.add(" }")
        elif kind == "comment":
            page.add(f"// {draw(TRICKY).replace(chr(10), ' ')}", forbidden=True)
        else:  # a function: cuts between its statements, never inside its head or one statement
            page.add(f"function f{number}(a, b) {{", forbidden=True)
            page.add(" ")
            page.add("var v = " + quoted(draw(TRICKY), '"') + ";", forbidden=True)
            page.add(" ")
            page.add(f"return a + '{draw(WORDS)};}}' + v;", forbidden=True)
            page.add(" }")
    page.add("\n")
    page.add("</script>", forbidden=True)


@st.composite
def body(draw, page: Page, depth: int = 0) -> None:
    for number in range(draw(st.integers(1, 6))):
        tag = draw(st.sampled_from(["div", "section", "p", "span", "li"]))
        title = '"' + draw(TRICKY).replace('"', "&quot;") + '"'  # HTML has no backslash escapes
        page.add(f'<{tag} class="c{number} x" title={title} data-n="{number} > {number - 1}">', forbidden=True)
        if depth < 2 and draw(st.booleans()):
            page.add("\n")
            draw(body(page, depth + 1))
        page.add(f"Text {number} &amp; {draw(WORDS)}\nmore text")
        page.add('<img src="a.png" alt="a > b"/>', forbidden=True)
        page.add(f"</{tag}>", forbidden=True)
        page.add("\n")


@st.composite
def pages(draw) -> Page:
    page = Page()
    page.add("<!DOCTYPE html>", forbidden=True)
    page.add("\n")
    page.add('<html lang="en">', forbidden=True)
    page.add("<head>", forbidden=True)
    page.add("<title>")
    page.add(draw(WORDS))
    page.add("</title>", forbidden=True)
    draw(stylesheet(page))
    draw(script(page))
    page.add("</head>", forbidden=True)
    page.add("\n")
    page.add("<body>", forbidden=True)
    draw(body(page))
    draw(script(page))
    page.add("</body>", forbidden=True)
    page.add("</html>", forbidden=True)
    return page


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(pages())
def test_no_cut_falls_inside_a_tag_attribute_css_rule_or_script_string(page):
    cuts = cut_points(page.text)
    assert len(cuts) > 20  # long <style> / <script> bodies are cut inside too, not only around them
    for cut in cuts:
        inside = [piece for start, end, piece in page.forbidden if start < cut.offset < end]
        assert not inside, f"cut at {cut.offset} inside {inside[0]!r}"
    inside_style = [c for c in cuts if c.open_elements[-1:] == ("style",) or "@media" in " ".join(c.open_elements)]
    inside_script = [c for c in cuts if c.open_elements[-1:] == ("script",)]
    assert inside_style and inside_script


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pages())
def test_chunks_rebuild_the_page_byte_for_byte_and_only_the_last_ends_the_turn(tokenizer, page):
    max_seq_len = 512  # the tiny tokenizer has ~1 character per token: one long CSS rule is ~200
    chunks = build_chunk_examples(tokenizer, "A long page", page.text, SYSTEM, max_seq_len, 48, 8)
    assert len(chunks) > 1 and all(c.status == "ok" for c in chunks)
    eot = tokenizer.eos_token_id
    rebuilt, cut_offsets = "", {c.offset for c in cut_points(page.text)}
    for number, chunk in enumerate(chunks, start=1):
        assert (chunk.part, chunk.parts) == (number, len(chunks))
        assert len(chunk.input_ids) == len(chunk.labels) <= max_seq_len
        trainable = [label for label in chunk.labels if label != IGNORE_INDEX]
        assert (eot in trainable) == (number == len(chunks))  # only the last part learns to stop
        rebuilt += tokenizer.decode([t for t in trainable if t != eot])
        if number < len(chunks):
            assert len(rebuilt) in cut_offsets  # each chunk ends at a cut
    assert rebuilt == page.text
    assert chunks[-1].labels[-1] == eot and rebuilt.endswith("</html>")


LONG_PAGE = ("<!DOCTYPE html>\n<html><head><style>\n"
             + "\n".join(f".c{i} {{ color: #{i:03d}; content: \"}};{i}\"; }}" for i in range(60))
             + "\n</style></head><body>\n"
             + "".join(f'<div class="card" id="d{i}"><p>Item {i} &amp; more</p></div>\n' for i in range(60))
             + "</body></html>")


def test_chunk_context_is_masked_and_is_the_request_part_open_elements_and_tail(tokenizer):
    chunks = build_chunk_examples(tokenizer, "A long page", LONG_PAGE, SYSTEM, 256, 64, 8)
    assert len(chunks) > 2
    first = chunks[0]
    # Part 1 is prompted exactly like any page: a model prompted normally starts a long page.
    assert first.input_ids[:first.prompt_tokens] == encode_prompt(tokenizer, "A long page", SYSTEM)
    done = tokenizer.decode([t for t in first.labels if t != IGNORE_INDEX])
    for chunk in chunks[1:]:
        masked = chunk.input_ids[:chunk.prompt_tokens]
        assert chunk.labels[:chunk.prompt_tokens] == [IGNORE_INDEX] * chunk.prompt_tokens
        assert IGNORE_INDEX not in chunk.labels[chunk.prompt_tokens:]
        text = tokenizer.decode(masked)
        assert f"A long page\n\n[Part {chunk.part} of {chunk.parts} of a long page. Open elements: html" in text
        tail = text.split("<|im_start|>assistant\n", 1)[1]
        assert len(tail) > 20 and done.endswith(tail)  # the tail is the page right before this chunk
        done += tokenizer.decode([t for t in chunk.labels if t not in (IGNORE_INDEX, tokenizer.eos_token_id)])
    assert done == LONG_PAGE


def test_a_page_that_fits_is_the_ordinary_example_and_an_unsplittable_one_is_dropped(tokenizer):
    short = '<!DOCTYPE html><html><body><p>Hi</p></body></html>'
    assert build_chunk_examples(tokenizer, "p", short, SYSTEM, 256, 64) == [build_example(tokenizer, "p", short,
                                                                                          SYSTEM, 256, "drop")]
    # one giant attribute (an inline data: URI) has no cut inside: the page is dropped, never cut in it
    huge = f'<!DOCTYPE html><html><body><img src="data:image/png;base64,{"QUJD" * 400}"></body></html>'
    [dropped] = build_chunk_examples(tokenizer, "p", huge, SYSTEM, 256, 64)
    assert dropped.status == "unsplittable" and dropped.input_ids == []


def test_chunks_stay_in_the_split_of_their_page_and_tokens_json_counts_them(tmp_path, tiny_base_dir):
    from datasets import load_from_disk

    splits = tmp_path / "split"
    splits.mkdir()
    short = '<!DOCTYPE html>\n<html><body><p>Page {}</p></body></html>'
    rows = {"train": [{"id": f"t{i}", "prompt": f"Page {i}", "html": short.format(i)} for i in range(3)]
            + [{"id": "long-train", "prompt": "Long page", "html": LONG_PAGE}],
            "validation": [{"id": "long-val", "prompt": "Long page", "html": LONG_PAGE.replace("Item", "Thing")}],
            "test": [{"id": "x", "prompt": "Test page", "html": short.format("x")},
                     {"id": "long-test", "prompt": "Long page", "html": LONG_PAGE.replace("Item", "Entry")}]}
    for name, part in rows.items():
        io.write_jsonl(splits / f"{name}.jsonl", part)
    (tmp_path / "params.yaml").write_text(f"prompt:\n  system: {SYSTEM}\ntokenize:\n  max_seq_len: 256\n"
                                          "  long_examples: chunk\n  chunk_context_tokens: 64\n  plot_bins: 10\n")
    out = tmp_path / "tok"
    assert tokenize.main(["--params", str(tmp_path / "params.yaml"), "--splits", str(splits), "--tokenizer",
                          str(tiny_base_dir), "--out", str(out), "--metrics", str(tmp_path / "tokens.json"),
                          "--plot", str(tmp_path / "len.png"), "--plot-data", str(tmp_path / "len.csv")]) == 0
    stats = io.read_json(tmp_path / "tokens.json")
    for split, split_rows in rows.items():
        ids = load_from_disk(str(out / split))["id"]
        assert {page_id(i) for i in ids} == {r["id"] for r in split_rows}  # no chunk crosses into another split
        long_id = next(r["id"] for r in split_rows if r["id"].startswith("long"))
        parts = [i for i in ids if page_id(i) == long_id]
        assert len(parts) > 2 and parts == [f"{long_id}#part{k}" for k in range(1, len(parts) + 1)]
        coverage = stats[split]["coverage"]
        assert coverage["pages"] == coverage["pages_kept"] == len(split_rows)
        assert coverage["pages_chunked"] == 1 and coverage["chunks_per_page_max"] == len(parts)
        assert coverage["chunks"] == len(ids) == stats[split]["kept"]
        assert coverage["pages_whole"] == len(split_rows) and coverage["mean_share_of_page"] == 1.0
    assert io.read_json(out / "format.json")["chunk_context_tokens"] == 64
    overall = stats["coverage"]  # all splits: what the plot's title says
    assert (overall["pages"], overall["pages_kept"], overall["pages_chunked"]) == (7, 7, 3)
    assert overall["chunks"] == sum(stats[split]["kept"] for split in rows)
    assert overall["chunks_per_page_max"] == max(stats[split]["coverage"]["chunks_per_page_max"] for split in rows)
    assert overall["chunks_per_page_mean"] == round(overall["chunks"] / 7, 2)
    assert f"7 of 7 pages kept, 3 chunked (up to {overall['chunks_per_page_max']} parts)" in \
        tokenize.strategy_label(TokenizeConfig(max_seq_len=256, long_examples="chunk"), overall)


def test_truncate_reports_the_share_of_long_pages_it_loses(tmp_path, tokenizer):
    rows = [{"id": "a", "prompt": "p", "html": LONG_PAGE}, {"id": "b", "prompt": "p", "html": "<p>short page</p>"}]
    from htmlgen.config import PromptConfig

    kept, _ = tokenize.tokenize_split(tokenizer, rows, PromptConfig(system=SYSTEM),
                                      TokenizeConfig(max_seq_len=256, long_examples="truncate"), "train.jsonl")
    coverage = tokenize.coverage_stats(tokenizer, rows, kept)
    assert coverage["pages_kept"] == 2 and coverage["pages_whole"] == 1 and coverage["pages_chunked"] == 0
    assert 0.5 < coverage["mean_share_of_page"] < 1.0 and coverage["share_tokens_kept"] < 0.5


def test_chunk_context_budget_is_checked():
    with pytest.raises(ConfigError, match="tokenize.chunk_context_tokens"):
        build(TokenizeConfig, {"max_seq_len": 256, "chunk_context_tokens": 200}, "tokenize").validate()


# --------------------------------------------------------------------------- continuing a page


class Scripted(torch.nn.Module):
    """The tiny model, steered to write one known page: at each step it finds the assistant text so
    far (the tail a continuation prompt carries + what it wrote) in the page and boosts the page's
    next token. Whether the continued windows join into the page is then up to generate_pages."""

    def __init__(self, model, tokenizer, page: str):
        super().__init__()
        self.model, self.tokenizer, self.page = model, tokenizer, page
        self.config = model.config
        self.sequence: list[int] = []
        self.marker = tokenizer("<|im_start|>assistant\n", add_special_tokens=False)["input_ids"]

    def next_token(self) -> int:
        for start in range(len(self.sequence) - len(self.marker), -1, -1):
            if self.sequence[start:start + len(self.marker)] == self.marker:
                break
        written = self.tokenizer.decode(self.sequence[start + len(self.marker):])
        at = self.page.find(written) + len(written) if written else 0
        assert written == "" or self.page.find(written) >= 0, f"wrote {written[-40:]!r}, not in the page"
        if at == len(self.page):
            return self.tokenizer.eos_token_id
        return self.tokenizer(self.page[at:], add_special_tokens=False)["input_ids"][0]

    def forward(self, input_ids, **kwargs):
        out = self.model(input_ids=input_ids, **kwargs)
        if input_ids.shape[1] > 1:  # prefill: a new window (batch size 1)
            self.sequence = input_ids[0].tolist()
        else:
            self.sequence.append(int(input_ids[0, -1]))
        out.logits[0, -1, self.next_token()] += 1e4
        return out


def test_continued_generation_joins_into_the_whole_document(tiny_base_dir, tokenizer):
    model = load_base_model(tiny_base_dir)
    model.eval()
    scripted = Scripted(model, tokenizer, LONG_PAGE)
    page_tokens = len(tokenizer(LONG_PAGE)["input_ids"])
    # Greedy, no DRY (the defaults sample with DRY): the scripted model's choice is the answer.
    config = GenerateConfig(max_new_tokens=200, stop=["</html>"], max_continuations=page_tokens // 100,
                            do_sample=False, dry_multiplier=0.0)
    [page] = generate_pages(scripted, tokenizer, ["A long page"], SYSTEM, config, batch_size=1, context_tokens=64)
    assert page.text == LONG_PAGE  # nothing lost or written twice where windows meet
    assert page.finish_reason == "stop_string" and page.parts > 2
    assert page.new_tokens > page_tokens  # the unfinished tag or rule at a window's end is written again

    # Out of windows: the page is returned as far as it got, and said so.
    short = dataclasses.replace(config, max_continuations=1)
    [cut] = generate_pages(scripted, tokenizer, ["A long page"], SYSTEM, short, batch_size=1, context_tokens=64)
    assert cut.finish_reason == "length" and cut.parts == 2 and LONG_PAGE.startswith(cut.text)


def test_without_continuations_pages_are_exactly_generate_answers(tiny_base_dir, tokenizer):
    model = load_base_model(tiny_base_dir)
    model.eval()
    config = GenerateConfig(max_new_tokens=12, stop=[], do_sample=False, dry_multiplier=0.0)
    prompts = ["A page with a blue button", "A heading"]
    assert generate_pages(model, tokenizer, prompts, SYSTEM, config, batch_size=2, context_tokens=64) == \
        generate_answers(model, tokenizer, [encode_prompt(tokenizer, p, SYSTEM) for p in prompts], config, 2)


def test_continuation_request_names_the_part_and_open_elements():
    text = continuation_request("A shop", 2, 5, ("html", "body", "div#app"))
    assert text.startswith("A shop\n\n") and "Part 2 of 5" in text and "html > body > div#app" in text


# --------------------------------------------------------------------------- finetune.report_to


def test_report_to_keeps_dvclive_and_fails_early_on_a_missing_tracker(monkeypatch):
    from transformers import integrations

    from htmlgen.config import MissingExtraError
    from htmlgen.stages import finetune

    assert build(FinetuneConfig, {}, "finetune").report_to == ["dvclive"]
    assert finetune.trainer_report_to(["dvclive"]) == ["none"]  # dvclive is our own callback, by step
    with pytest.raises(ConfigError, match="finetune.report_to.*must hold dvclive"):
        build(FinetuneConfig, {"report_to": ["wandb"]}, "finetune").validate()
    with pytest.raises(ConfigError, match="finetune.report_to"):
        build(FinetuneConfig, {"report_to": ["dvclive", "neptune"]}, "finetune").validate()
    monkeypatch.setattr(integrations, "is_wandb_available", lambda: False)
    with pytest.raises(MissingExtraError, match="report_to lists wandb, but its package is not installed"):
        finetune.trainer_report_to(["dvclive", "wandb"])
    monkeypatch.setattr(integrations, "is_wandb_available", lambda: True)
    assert finetune.trainer_report_to(["dvclive", "wandb"]) == ["wandb"]


def test_a_chunked_test_page_gets_the_perplexity_of_all_its_chunks(tmp_path, tiny_base_dir, tokenizer):
    from datasets import Dataset

    from htmlgen import evaluation, metrics
    from htmlgen.config import PromptConfig

    model = load_base_model(tiny_base_dir)
    rows = [{"id": "long", "prompt": "Long page", "html": LONG_PAGE},
            {"id": "short", "prompt": "p", "html": "<!DOCTYPE html><html><body>Hi</body></html>"}]
    kept, _ = tokenize.tokenize_split(tokenizer, rows, PromptConfig(system=SYSTEM),
                                      TokenizeConfig(max_seq_len=256, long_examples="chunk", chunk_context_tokens=64),
                                      "test.jsonl")
    splits, tokenized = tmp_path / "split", tmp_path / "tokenized"
    splits.mkdir()
    io.write_jsonl(splits / "test.jsonl", rows)
    Dataset.from_dict({"id": [tokenize.example_id(r, e) for r, e in kept], "input_ids": [e.input_ids for _, e in kept],
                       "labels": [e.labels for _, e in kept]}).save_to_disk(str(tokenized / "test"))
    examples = evaluation.test_examples(splits, tokenized, None)
    chunks = [e for r, e in kept if r["id"] == "long"]
    assert len(examples[0]["ppl_chunks"]) == len(chunks) > 2 and "ppl_chunks" not in examples[1]
    nll = evaluation.perplexity_rows(model, examples, tokenizer, batch_size=2)
    alone = [metrics.answer_nll(model, torch.tensor([c.input_ids]), torch.ones(1, len(c.input_ids), dtype=torch.long),
                                torch.tensor([c.labels])) for c in chunks]
    assert nll[0][1] == sum(count for _, count in alone) == sum(c.trainable_tokens for c in chunks)
    assert nll[0][0] == pytest.approx(sum(value for value, _ in alone), rel=1e-4)
