"""fetch: both public schemas and every local format normalise to {id, prompt, html};
bad input stops with file, row and field named, exit code 2 and nothing written."""

import json
import re

import pandas as pd
import pytest

from htmlgen import io
from htmlgen.config import DataConfig
from htmlgen.records import DataError, normalise
from htmlgen.stages import fetch

PAGE = "<!DOCTYPE html><html><body><h1>{}</h1></body></html>"
ALPACA = [
    {"instruction": "Make a page with a heading", "input": "", "output": PAGE.format("A")},
    {"instruction": "Make a pricing page", "input": "Three tiers: Free, Pro, Team", "output": PAGE.format("B")},
    {"instruction": "Make a page with a heading", "input": "", "output": PAGE.format("A")},  # exact duplicate
]
JAWERTY = [{"label": "Homepage of a bakery", "html": PAGE.format("Bakery")},
           {"label": "Docs site landing page", "html": PAGE.format("Docs")}]


def test_alpaca_input_joins_the_instruction_when_not_empty():
    records, report = normalise(ALPACA, "alpaca.json")
    assert [r.prompt for r in records] == ["Make a page with a heading",
                                           "Make a pricing page\n\nThree tiers: Free, Pro, Team"]
    assert records[1].html == PAGE.format("B")
    assert report["schema"] == "alpaca" and report["duplicates_dropped"] == 1 and report["rows_kept"] == 2


def test_jawerty_label_becomes_the_prompt():
    records, report = normalise(JAWERTY, "jawerty.json")
    assert report["schema"] == "jawerty"
    assert [(r.prompt, r.html) for r in records] == [(row["label"], row["html"]) for row in JAWERTY]


def _write(path, rows):
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    elif path.suffix == ".json":
        path.write_text(json.dumps(rows))
    elif path.suffix == ".csv":
        pd.DataFrame(rows).to_csv(path, index=False)
    else:
        pd.DataFrame(rows).to_parquet(path)
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv", ".parquet"])
def test_every_local_format_gives_the_same_records(tmp_path, suffix):
    path = _write(tmp_path / f"pairs{suffix}", ALPACA)
    records, _ = fetch.fetch(DataConfig(source=str(path)), sample_path=tmp_path / "unused.jsonl")
    expected, _ = normalise(ALPACA, "x")
    assert records == expected  # ids are content hashes: same rows, same ids, whatever the format


def test_max_rows_caps_the_rows_read(tmp_path):
    path = _write(tmp_path / "pairs.jsonl", ALPACA)
    records, report = fetch.fetch(DataConfig(source=str(path), max_rows=1), sample_path=path)
    assert report["rows_read"] == 1 and len(records) == 1


def run_fetch(tmp_path, source, capsys):
    (tmp_path / "params.yaml").write_text(f"data:\n  source: {source}\n")
    out = tmp_path / "raw"
    code = fetch.main(["--params", str(tmp_path / "params.yaml"), "--sample", str(tmp_path / "s.jsonl"),
                       "--out", str(out)])
    return code, capsys.readouterr().err, out


BAD_INPUTS = {
    "missing column": ([{"instruction": "x"}], r"match no known schema"),
    "empty field": ([ALPACA[0], {"instruction": "  ", "input": "", "output": PAGE}], r"row 2, field 'instruction': empty"),
    "non-string field": ([ALPACA[0], ALPACA[1], {"instruction": "x", "input": "", "output": 42}],
                         r"row 3, field 'output': expected a string, got int"),
    "null field": ([{"label": "x", "html": None}], r"row 1, field 'html': missing value"),
    "zero rows": ([], r"no rows"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_rows_stop_with_file_row_and_field(tmp_path, capsys, case):
    rows, message = BAD_INPUTS[case]
    path = _write(tmp_path / "bad.jsonl", rows)
    code, err, out = run_fetch(tmp_path, path, capsys)
    assert code == 2
    assert str(path) in err
    assert re.search(message, err), err
    assert not out.exists() and not list(tmp_path.glob(".raw*"))  # nothing half-written


def test_unreadable_files_are_named(tmp_path, capsys):
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(ALPACA[0]) + "\n{not json\n")
    code, err, out = run_fetch(tmp_path, broken, capsys)
    assert code == 2 and f"{broken}, row 2: invalid JSON" in err and not out.exists()

    missing = tmp_path / "nope.csv"
    code, err, _ = run_fetch(tmp_path, missing, capsys)
    assert code == 2 and f"{missing}: file not found" in err

    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    code, err, _ = run_fetch(tmp_path, binary, capsys)
    assert code == 2 and str(binary) in err

    text = tmp_path / "pairs.txt"
    text.write_text("hello")
    code, err, _ = run_fetch(tmp_path, text, capsys)
    assert code == 2 and "unsupported file type '.txt'" in err


def test_fetch_writes_records_and_report(tmp_path, capsys):
    path = _write(tmp_path / "pairs.csv", ALPACA)
    code, err, out = run_fetch(tmp_path, path, capsys)
    assert code == 0, err
    records = io.read_jsonl(out / "records.jsonl")
    assert [set(r) for r in records] == [{"id", "prompt", "html"}] * 2
    assert io.read_json(out / "report.json")["duplicates_dropped"] == 1


def test_hub_source_goes_through_datasets(monkeypatch, tmp_path):
    """hf:<id> is real code (datasets.load_dataset); here the loader is pointed at a local file."""
    import datasets

    local = _write(tmp_path / "hub.jsonl", JAWERTY)
    calls = []

    def fake_load_dataset(dataset_id, split, revision):
        calls.append((dataset_id, split, revision))
        return datasets.Dataset.from_json(str(local))

    monkeypatch.setattr(datasets, "load_dataset", fake_load_dataset)
    records, report = fetch.fetch(DataConfig(source="hf:jawerty/html_dataset"), sample_path=local)
    assert calls == [("jawerty/html_dataset", "train", None)]
    assert report["source"] == "hf:jawerty/html_dataset" and len(records) == 2


def test_hub_failure_is_a_data_error(monkeypatch):
    import datasets

    def offline(*args, **kwargs):
        raise ConnectionError("offline")

    monkeypatch.setattr(datasets, "load_dataset", offline)
    with pytest.raises(DataError, match=r"hf:ttbui/alpaca_webgen_html: cannot load split 'train'"):
        fetch.fetch(DataConfig(source="hf:ttbui/alpaca_webgen_html"), sample_path=None)
