"""The one record every source is normalised to: ``{id, prompt, html}``.

Known public schemas (the mapping is written down here, once):

* alpaca (``ttbui/alpaca_webgen_html``, Code-Alpaca style): ``instruction`` + ``input`` -> prompt
  (the input, when non-empty, follows the instruction after a blank line), ``output`` -> html.
* jawerty (``jawerty/html_dataset``): ``label`` (a one-line description of a real web page)
  -> prompt, ``html`` (the page's source) -> html.
* native: ``prompt`` and ``html`` columns.

Any schema may carry an optional ``category`` (a string, e.g. the sample set's page kinds): it
travels with the record, ``split.holdout_categories`` keeps whole categories out of training, and
``finetune.data_order: stratified`` spreads the others evenly over a training run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SCHEMAS: dict[str, tuple[str, ...]] = {
    "alpaca": ("instruction", "input", "output"),
    "jawerty": ("label", "html"),
    "native": ("prompt", "html"),
}


class DataError(ValueError):
    """Bad input data; the message names the file, row and field."""

    def __init__(self, source: str, message: str, row: int | None = None, field: str | None = None):
        where = source
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")
        self.source, self.row, self.field = source, row, field


@dataclass(frozen=True)
class Record:
    id: str
    prompt: str
    html: str
    category: str | None = None

    def to_dict(self) -> dict[str, str]:
        record = {"id": self.id, "prompt": self.prompt, "html": self.html}
        if self.category is not None:
            record["category"] = self.category
        return record


def detect_schema(columns: Iterable[str], source: str) -> str:
    cols = set(columns)
    for name in ("alpaca", "jawerty", "native"):
        # alpaca's `input` is optional: some exports drop the empty column.
        required = {"instruction", "output"} if name == "alpaca" else set(SCHEMAS[name])
        if required <= cols:
            return name
    expected = "; ".join(f"{name}: {', '.join(cols_)}" for name, cols_ in SCHEMAS.items())
    raise DataError(source, f"columns {sorted(cols)} match no known schema (expected {expected})")


def _text(row: Mapping[str, Any], field: str, source: str, index: int, *, optional: bool = False) -> str:
    if field not in row or row[field] is None:
        if optional:
            return ""
        raise DataError(source, "missing value", index, field)
    value = row[field]
    if not isinstance(value, str):
        raise DataError(source, f"expected a string, got {type(value).__name__} ({value!r:.60})", index, field)
    if not optional and not value.strip():
        raise DataError(source, "empty string", index, field)
    return value


def normalise_whitespace(text: str) -> str:
    """Runs of whitespace as one space, none at the ends: how split groups equal prompts and how
    evaluate's exact_match_normalised compares answers."""
    return " ".join(text.split())


def record_id(prompt: str, html: str) -> str:
    """Content hash: stable across runs and sources, so ids survive re-fetching."""
    return hashlib.sha256(f"{prompt}\x00{html}".encode()).hexdigest()[:16]


def normalise_row(row: Mapping[str, Any], schema: str, source: str, index: int) -> Record:
    """Map one raw row of a known schema to a Record, or raise DataError naming row and field."""
    if schema == "alpaca":
        instruction = _text(row, "instruction", source, index).strip()
        extra = _text(row, "input", source, index, optional=True).strip()
        prompt = f"{instruction}\n\n{extra}" if extra else instruction
        html = _text(row, "output", source, index)
    elif schema == "jawerty":
        prompt = _text(row, "label", source, index).strip()
        html = _text(row, "html", source, index)
    elif schema == "native":
        prompt = _text(row, "prompt", source, index).strip()
        html = _text(row, "html", source, index)
    else:
        raise ValueError(f"unknown schema {schema!r}")
    html = html.strip()
    category = _text(row, "category", source, index, optional=True).strip() or None
    return Record(id=record_id(prompt, html), prompt=prompt, html=html, category=category)


def normalise(rows: list[Mapping[str, Any]], source: str) -> tuple[list[Record], dict[str, int | str]]:
    """Normalise all rows; drop exact duplicates (same prompt and html) and count them.

    Row numbers in errors are 1-based data rows, as a person counts them in the file.
    """
    if not rows:
        raise DataError(source, "no rows")
    schema = detect_schema(rows[0].keys(), source)
    records: list[Record] = []
    seen: set[str] = set()
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise DataError(source, f"expected an object, got {type(row).__name__}", index)
        record = normalise_row(row, schema, source, index)
        if record.id in seen:
            continue
        seen.add(record.id)
        records.append(record)
    report = {"schema": schema, "rows_read": len(rows), "duplicates_dropped": len(rows) - len(records),
              "rows_kept": len(records)}
    return records, report
