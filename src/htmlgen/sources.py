"""Reading prompt -> HTML pairs from where they live (a local file or the Hub) and normalising them
to records: used by the fetch stage (data.source) and by evaluate (evaluate.extra_sets)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from htmlgen.records import DataError, Record, normalise

LOCAL_FORMATS = (".jsonl", ".json", ".csv", ".parquet")


def read_local(path: Path) -> list[dict[str, Any]]:
    """Rows of a local file as dicts; a file that cannot be read raises DataError naming it."""
    source = str(path)
    if not path.is_file():
        raise DataError(source, "file not found")
    suffix = path.suffix.lower()
    if suffix not in LOCAL_FORMATS:
        raise DataError(source, f"unsupported file type {suffix!r} (use one of {', '.join(LOCAL_FORMATS)})")
    try:
        if suffix == ".jsonl":
            return _read_jsonl(path)
        if suffix == ".json":
            text = path.read_text(encoding="utf-8")
            try:
                data = json.loads(text)
            except json.JSONDecodeError as err:
                if "Extra data" in str(err):  # `datasets.to_json` writes JSON lines under .json
                    return _read_jsonl(path)
                raise DataError(source, f"invalid JSON at line {err.lineno}: {err.msg}") from None
            if isinstance(data, dict) and isinstance(data.get("data"), list):
                data = data["data"]
            if not isinstance(data, list):
                raise DataError(source, f"expected a JSON list of objects, got {type(data).__name__}")
            return data
        import pandas as pd

        if suffix == ".csv":
            # keep_default_na=False: an empty alpaca `input` stays "", not NaN.
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        else:
            frame = pd.read_parquet(path)
        return frame.to_dict(orient="records")
    except DataError:
        raise
    except UnicodeDecodeError as err:
        raise DataError(source, f"not UTF-8 text ({err.reason} at byte {err.start})") from None
    except Exception as err:  # pandas / pyarrow parse errors come in many types
        raise DataError(source, f"cannot read {suffix} file: {err}") from None


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise DataError(str(path), f"invalid JSON: {err.msg}", row=number) from None
    return rows


def read_hub(dataset_id: str, split: str, revision: str | None) -> list[dict[str, Any]]:
    """A Hugging Face dataset, through `datasets` (needs network access to the Hub)."""
    from datasets import load_dataset

    try:
        dataset = load_dataset(dataset_id, split=split, revision=revision)
    except Exception as err:
        raise DataError(f"hf:{dataset_id}", f"cannot load split {split!r} from the Hub: {err}") from None
    return dataset.to_list()


def read_source(source: str, hf_split: str = "train", hf_revision: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    """(display name, raw rows) of a local file or an ``hf:<id>`` dataset."""
    if source.startswith("hf:"):
        dataset_id = source[3:]
        return f"hf:{dataset_id}", read_hub(dataset_id, hf_split, hf_revision)
    return source, read_local(Path(source))


def load_records(source: str, hf_split: str = "train", hf_revision: str | None = None,
                 max_rows: int | None = None) -> tuple[list[Record], dict[str, Any]]:
    """Normalised records of a source, first ``max_rows`` raw rows only when given."""
    name, rows = read_source(source, hf_split, hf_revision)
    records, report = normalise(rows[:max_rows] if max_rows is not None else rows, name)
    report["source"] = name
    return records, report
