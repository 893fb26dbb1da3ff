"""fetch: read the prompt -> HTML pairs named by ``data.source`` and normalise them to
``{id, prompt, html}`` records (data/raw/records.jsonl)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from htmlgen import io, runner
from htmlgen.config import DataConfig, load_section
from htmlgen.records import Record, normalise
from htmlgen.sources import read_local, read_source

log = logging.getLogger("htmlgen.fetch")


def fetch(config: DataConfig, sample_path: Path) -> tuple[list[Record], dict[str, Any]]:
    if config.source == "sample":
        source_name, rows = str(sample_path), read_local(sample_path)
    else:
        source_name, rows = read_source(config.source, config.hf_split, config.hf_revision)
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
