"""The shipped sample set (the pipeline's embedded default) is what its data card says."""

import importlib.util
import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO
from htmlgen.records import normalise

SAMPLE = REPO / "data" / "sample" / "webgen_sample.jsonl"
CARD = REPO / "data" / "sample" / "README.md"
GENERATOR = REPO / "scripts" / "make_sample_dataset.py"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

# What the data card promises for the categories added for requests from other sources.
MIN_ROWS = {"interactive": 24, "email_template": 10, "programming_task": 12, "edit_fix": 12}
HOLDOUT_MIN_ROWS, HOLDOUT_MIN_CATEGORIES = 14, 4
# Page kinds of the held-out categories: no in-distribution request may ask for one.
HOLDOUT_KINDS = {
    "quiz": r"\bquiz",
    "invoice": r"\binvoices?\b",
    "event_calendar": r"\bcalendar\b(?!-style)",
    "restaurant_menu": r"\b(restaurant|café|cafe|food|drinks|dinner|lunch) menu\b|\bmenu (page|card|board)\b",
}
# Scripts work on the page only.
JS_FORBIDDEN = ["fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", "import(", "eval(",
                "new Function", "document.write", "innerHTML", "localStorage", "sessionStorage", "document.cookie"]
SCRIPT = re.compile(r"<script>\n(.*?)\n[ \t]*</script>\n[ \t]*</body>\n</html>$", re.S)


def load_generator():
    spec = importlib.util.spec_from_file_location("make_sample_dataset", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows():
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def holdout():
    return set(load_generator().HOLDOUT_CATEGORIES)


@pytest.fixture(scope="module")
def script_categories(holdout):
    return {"interactive", "programming_task", "edit_fix"} | holdout


class TagBalance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.problems = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unexpected </{tag}>")


def test_size_and_schema(rows):
    assert len(rows) >= 280
    assert all(list(row) == ["instruction", "input", "output", "category"] for row in rows)
    assert all(isinstance(v, str) and v == v.strip() for row in rows for v in row.values())
    assert all(re.fullmatch(r"[a-z_]+", row["category"]) for row in rows)


def test_no_duplicate_prompts_after_normalisation(rows):
    keys = [re.sub(r"\s+", " ", f"{r['instruction']} {r['input']}").strip().lower() for r in rows]
    assert len(set(keys)) == len(keys)


def test_every_output_is_a_complete_document_that_parses(rows):
    for number, row in enumerate(rows, start=1):
        html = row["output"]
        assert html.startswith(("<!DOCTYPE html>\n<html", "<html")) and html.endswith("</html>"), number
        assert "<style>" in html, number
        parser = TagBalance()
        parser.feed(html)
        parser.close()
        assert not parser.problems and not parser.stack, (number, parser.problems, parser.stack)


def test_formatting_varies_like_real_pages_and_changes_nothing_that_renders(rows):
    generator = load_generator()
    house = generator.build_rows()
    styles = [generator.formatting_for(r) for r in house]
    # Every convention is present, the modern boilerplate stays the majority.
    assert {s.indent for s in styles} == {"  ", "    ", "\t"}
    for attribute in ("nest_in_html", "doctype", "lang", "viewport"):
        share = sum(getattr(s, attribute) for s in styles) / len(rows)
        assert 0.2 < share < 0.95, (attribute, share)
    assert sum(s.doctype for s in styles) > len(rows) / 2
    # Each shipped answer is its house-style original re-formatted, nothing more.
    assert [r["instruction"] for r in house] == [r["instruction"] for r in rows]
    for original, shipped, style in zip(house, rows, styles, strict=True):
        assert shipped["output"] == generator.restyle(original["output"], style)
        assert generator.formatting_problems(original["output"], shipped["output"], style) == []


def test_formatting_check_catches_a_change_beyond_whitespace():
    generator = load_generator()
    house = generator.build_rows()[0]["output"]
    style = generator.Formatting(indent="\t", nest_in_html=True)
    styled = generator.restyle(house, style)
    assert styled != house and "\n\t<head>\n\t\t<meta" in styled
    assert generator.formatting_problems(house, styled, style) == []
    assert generator.formatting_problems(house, styled.replace("</h1>", "</h1>x", 1), style)  # text added
    assert generator.formatting_problems(house, styled.replace("<p>", "<p><b></b>", 1), style)  # an element
    pre = "<pre>a\n  b</pre>"
    assert generator.reindent(f"<html>\n<body>\n  {pre}\n</body>\n</html>", style).count(pre) == 1


def test_scripts_only_in_the_categories_that_allow_them(rows, script_categories):
    for number, row in enumerate(rows, start=1):
        html, category = row["output"], row["category"]
        where = (number, category, row["instruction"][:60])
        if category not in script_categories:
            assert "<script" not in html.lower(), where
            continue
        if category == "interactive":
            assert "<script" in html, where
        if "<script" not in html:
            continue
        # One plain inline script, the last element of <body>, touching nothing outside the page.
        match = SCRIPT.search(html)
        assert match and html.count("<script") == 1, where
        assert not [bad for bad in JS_FORBIDDEN if bad in match.group(1)], where
        static = html[:match.start()]
        assert "src=" not in static and "http://" not in html and "https://" not in html, where
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", static), where  # handlers belong in the script


def test_new_categories_have_their_rows(rows):
    counts = Counter(r["category"] for r in rows)
    for category, least in MIN_ROWS.items():
        assert counts[category] >= least, (category, counts[category])
    for row in rows:
        if row["category"] == "edit_fix":
            assert row["input"], row["instruction"]  # the snippet or page to change
        if row["category"] == "email_template":
            for marker in ('class="preheader"', 'role="presentation"', 'width="600"', 'style="'):
                assert marker in row["output"], (row["instruction"][:60], marker)
        assert not row["output"].lstrip().startswith("```"), row["instruction"][:60]  # a page, never markdown


def test_held_out_categories_are_present_and_appear_nowhere_else(rows, holdout):
    counts = Counter(r["category"] for r in rows)
    assert len(holdout) >= HOLDOUT_MIN_CATEGORIES and set(HOLDOUT_KINDS) == holdout
    assert all(counts[c] >= 3 for c in holdout), {c: counts[c] for c in holdout}
    assert sum(counts[c] for c in holdout) >= HOLDOUT_MIN_ROWS
    assert any("<script" in r["output"] for r in rows if r["category"] in holdout)
    assert any("<script" not in r["output"] for r in rows if r["category"] in holdout)
    for row in rows:
        if row["category"] in holdout:
            continue
        request = f"{row['instruction']} {row['input']}"
        for category, pattern in HOLDOUT_KINDS.items():
            assert not re.search(pattern, request, re.I), (category, row["category"], row["instruction"][:60])
    card = CARD.read_text(encoding="utf-8")
    assert all(f"`{c}`" in card for c in holdout)


def test_output_lengths_span_the_promised_range(rows):
    lengths = sorted(len(r["output"]) for r in rows)
    assert 250 <= lengths[0] and lengths[-1] <= 4200
    assert 600 <= lengths[len(lengths) // 2] <= 2000


def test_normalises_through_fetch_with_nothing_dropped(rows):
    records, report = normalise(rows, str(SAMPLE))
    assert report["schema"] == "alpaca" and report["duplicates_dropped"] == 0 and len(records) == len(rows)


def test_generator_reproduces_the_shipped_file():
    result = subprocess.run([sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGE_URL = "http://sample.test/page.html"
# After loading, click every button a user could click, once, in page order (form submissions kept on
# the page) so that the event handlers run too.
CLICK_ALL = """() => {
  document.addEventListener("submit", (event) => event.preventDefault());
  for (const button of document.querySelectorAll("button")) {
    if (button.checkVisibility() && !button.disabled) button.click();
  }
}"""


def serve_only(html: str, blocked: list[str]):
    """A route handler that answers the page's own URL with the row's HTML and blocks every other request."""
    def handler(route):
        if route.request.url == PAGE_URL:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        else:
            blocked.append(route.request.url)
            route.abort()
    return handler


@pytest.mark.browser
def test_every_script_runs_without_errors_in_chromium(rows):
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (requirements-dev.txt)")
    pages = [(n, r) for n, r in enumerate(rows, start=1) if "<script" in r["output"]]
    assert pages
    problems = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            for number, row in pages:
                context = browser.new_context()
                page = context.new_page()
                errors, blocked = [], []
                page.on("pageerror", lambda error, errors=errors: errors.append(f"uncaught: {error}"))
                page.on("console", lambda message, errors=errors: message.type == "error"
                        and errors.append(f"console: {message.text}"))
                page.on("dialog", lambda dialog: dialog.dismiss())

                page.route("**/*", serve_only(row["output"], blocked))
                page.goto(PAGE_URL, wait_until="load")
                page.evaluate(CLICK_ALL)
                page.wait_for_timeout(50)
                requests = [url for url in blocked if not url.endswith("/favicon.ico")]
                if errors or requests:
                    problems.append((number, row["category"], row["instruction"][:50], errors, requests))
                context.close()
        finally:
            browser.close()
    assert not problems, problems
