"""split: deterministic train / validation / test split of data/raw/records.jsonl.

Rows whose prompts are equal after normalisation (case, whitespace) stay in one split, so
the held-out test never contains a prompt the model was trained on. Rows of the categories in
``split.holdout_categories`` all go to test and are marked ``part: out_of_distribution``: the
model never sees that kind of page in training, so evaluate can say how it does on requests
unlike its training data. The other test rows are ``part: in_distribution``."""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from pathlib import Path

from htmlgen import io, runner
from htmlgen.artifacts import SPLITS
from htmlgen.config import SplitConfig, load_section
from htmlgen.records import DataError, normalise_whitespace

log = logging.getLogger("htmlgen.split")

def _size(size: float, total: int) -> int:
    if size >= 1:
        return int(size)
    return max(1, round(size * total)) if size > 0 else 0


def split_records(records: list[dict], config: SplitConfig) -> dict[str, list[dict]]:
    """Held-out categories to test; then shuffle prompt groups under ``config.seed`` and fill test,
    then validation, then train. Test rows say which part they belong to."""
    holdout = set(config.holdout_categories)
    out_of_distribution = [{**r, "part": "out_of_distribution"} for r in records if r.get("category") in holdout]
    if holdout and not out_of_distribution:
        raise DataError("split", f"split.holdout_categories {sorted(holdout)} match no record's category")
    records = [r for r in records if r.get("category") not in holdout]
    groups: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        groups[normalise_whitespace(record["prompt"]).lower()].append(record)
    # Sort before shuffling: the result depends on the seed and the data only, not on file order.
    keys = sorted(groups)
    random.Random(config.seed).shuffle(keys)
    n_test, n_validation = _size(config.test_size, len(records)), _size(config.validation_size, len(records))
    if n_test + n_validation >= len(records):
        raise DataError("split", f"{len(records)} rows leave none for training with test_size={config.test_size} "
                                 f"and validation_size={config.validation_size}")
    splits: dict[str, list[dict]] = {name: [] for name in SPLITS}
    for key in keys:
        target = ("test" if len(splits["test"]) < n_test
                  else "validation" if len(splits["validation"]) < n_validation else "train")
        splits[target].extend(groups[key])
    splits["test"] = [{**r, "part": "in_distribution"} for r in splits["test"]] + out_of_distribution
    return splits


def main(argv=None) -> int:
    def build_parser():
        p = runner.parser(__doc__)
        p.add_argument("--records", type=Path, required=True, help="folder written by fetch")
        p.add_argument("--out", type=Path, required=True, help="folder for train/validation/test.jsonl")
        p.add_argument("--metrics", type=Path, required=True, help="json with the counts")
        return p

    def stage(args):
        config = load_section(SplitConfig, "split", args.params)
        records = io.read_jsonl(args.records / "records.jsonl")
        fetch_report = io.read_json(args.records / "report.json")
        splits = split_records(records, config)
        with io.atomic_path(args.out) as tmp:
            tmp.mkdir()
            for name, rows in splits.items():
                io.write_jsonl(tmp / f"{name}.jsonl", rows)
        counts = {name: len(rows) for name, rows in splits.items()}
        parts = {part: sum(r["part"] == part for r in splits["test"])
                 for part in ("in_distribution", "out_of_distribution")}
        io.write_json(args.metrics, {
            "source": fetch_report["source"],
            "rows_read": fetch_report["rows_read"],
            "duplicates_dropped": fetch_report["duplicates_dropped"],
            "rows": sum(counts.values()),
            "split": counts,
            "test_parts": parts,
            "holdout_categories": sorted(config.holdout_categories),
        })
        log.info("split %s", ", ".join(f"{k}={v}" for k, v in counts.items()))

    return runner.run(stage, build_parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
