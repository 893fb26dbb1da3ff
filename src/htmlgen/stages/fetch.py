"""fetch: read the prompt -> HTML pairs named by ``data.source`` and normalise them to
``{id, prompt, html}`` records (data/raw/records.jsonl)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from htmlgen import io, runner
from htmlgen.config import DataConfig, load_section
from htmlgen.records import DataError, Record, normalise

log = logging.getLogger("htmlgen.fetch")

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


def fetch(config: DataConfig, sample_path: Path) -> tuple[list[Record], dict[str, Any]]:
    if config.source == "sample":
        source_name, rows = str(sample_path), read_local(sample_path)
    elif config.source.startswith("hf:"):
        dataset_id = config.source[3:]
        source_name, rows = f"hf:{dataset_id}", read_hub(dataset_id, config.hf_split, config.hf_revision)
    else:
        source_name, rows = config.source, read_local(Path(config.source))
    if config.max_rows is not None:
        rows = rows[: config.max_rows]
    records, report = normalise(rows, source_name)
    report["source"] = source_name
    return records, report


def main(argv=None) -> int:
    def build_parser():
        p = runner.parser(__doc__)
        p.add_argument("--sample", type=Path, required=True, help="the shipped sample set (data.source: sample)")
        p.add_argument("--out", type=Path, required=True, help="folder for records.jsonl and report.json")
        return p

    def stage(args):
        config = load_section(DataConfig, "data", args.params)
        records, report = fetch(config, args.sample)
        log.info("%s: %d rows read, %d exact duplicates dropped, %d kept (schema %s)", report["source"],
                 report["rows_read"], report["duplicates_dropped"], report["rows_kept"], report["schema"])
        with io.atomic_path(args.out) as tmp:
            tmp.mkdir()
            io.write_jsonl(tmp / "records.jsonl", (r.to_dict() for r in records))
            io.write_json(tmp / "report.json", report)

    return runner.run(stage, build_parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
