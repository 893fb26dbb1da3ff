"""The shipped sample set (the pipeline's embedded default) is what its data card says."""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO
from htmlgen.records import normalise

SAMPLE = REPO / "data" / "sample" / "webgen_sample.jsonl"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@pytest.fixture(scope="module")
def rows():
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


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


def test_size_and_alpaca_schema(rows):
    assert len(rows) >= 150
    assert all(list(row) == ["instruction", "input", "output"] for row in rows)
    assert all(isinstance(v, str) for row in rows for v in row.values())


def test_no_duplicate_prompts_after_normalisation(rows):
    keys = [re.sub(r"\s+", " ", f"{r['instruction']} {r['input']}").strip().lower() for r in rows]
    assert len(set(keys)) == len(keys)


def test_every_output_is_a_complete_document_that_parses(rows):
    for number, row in enumerate(rows, start=1):
        html = row["output"]
        assert html.startswith("<!DOCTYPE html>") and html.endswith("</html>"), number
        assert "<style>" in html and "<script" not in html.lower(), number
        parser = TagBalance()
        parser.feed(html)
        parser.close()
        assert not parser.problems and not parser.stack, (number, parser.problems, parser.stack)


def test_output_lengths_span_the_promised_range(rows):
    lengths = sorted(len(r["output"]) for r in rows)
    assert 250 <= lengths[0] and lengths[-1] <= 4200
    assert 600 <= lengths[len(lengths) // 2] <= 2000


def test_normalises_through_fetch_with_nothing_dropped(rows):
    records, report = normalise(rows, str(SAMPLE))
    assert report["schema"] == "alpaca" and report["duplicates_dropped"] == 0 and len(records) == len(rows)


def test_generator_reproduces_the_shipped_file():
    script = REPO / "scripts" / "make_sample_dataset.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
