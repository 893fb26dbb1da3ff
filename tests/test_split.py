import pytest

from htmlgen import artifacts, io
from htmlgen.config import SplitConfig
from htmlgen.records import DataError, normalise_whitespace
from htmlgen.stages import split


def records(n):
    return [{"id": f"id{i}", "prompt": f"Page number {i}", "html": f"<html>{i}</html>"} for i in range(n)]


def test_sizes_follow_shares_and_counts():
    parts = split.split_records(records(100),
                                SplitConfig(seed=1, test_size=0.1, validation_size=5, holdout_categories=[]))
    assert {k: len(v) for k, v in parts.items()} == {"train": 85, "validation": 5, "test": 10}


def test_same_seed_same_split_other_seed_other_split():
    config = SplitConfig(seed=7, test_size=0.2, validation_size=0.1, holdout_categories=[])
    assert split.split_records(records(50), config) == split.split_records(records(50)[::-1], config)
    other = split.split_records(records(50),
                                SplitConfig(seed=8, test_size=0.2, validation_size=0.1, holdout_categories=[]))
    assert other["test"] != split.split_records(records(50), config)["test"]


def test_prompts_equal_after_normalisation_stay_in_one_split():
    rows = records(40)
    rows += [{"id": f"dup{i}", "prompt": f"  PAGE   number {i} ", "html": "<html>other</html>"} for i in range(40)]
    parts = split.split_records(rows, SplitConfig(seed=3, test_size=0.25, validation_size=0.1, holdout_categories=[]))
    where = {}
    for name, part in parts.items():
        for row in part:
            where.setdefault(normalise_whitespace(row["prompt"]).lower(), set()).add(name)
    assert all(len(names) == 1 for names in where.values())


def test_too_few_rows_for_training_is_an_error():
    with pytest.raises(DataError, match="leave none for training"):
        split.split_records(records(3), SplitConfig(seed=0, test_size=2, validation_size=1, holdout_categories=[]))


def test_stage_output_is_byte_identical_for_the_same_params(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    io.write_jsonl(raw / "records.jsonl", records(30))
    io.write_json(raw / "report.json", {"source": "t", "rows_read": 31, "duplicates_dropped": 1})
    (tmp_path / "params.yaml").write_text("split:\n  seed: 5\n  test_size: 0.2\n  validation_size: 0.1\n"
                                          "  holdout_categories: []\n")
    outputs = []
    for run in ("a", "b"):
        args = ["--params", str(tmp_path / "params.yaml"), "--records", str(raw), "--out", str(tmp_path / run),
                "--metrics", str(tmp_path / f"{run}.json")]
        assert split.main(args) == 0
        outputs.append([(tmp_path / run / f"{s}.jsonl").read_bytes() for s in artifacts.SPLITS])
    assert outputs[0] == outputs[1]
    counts = io.read_json(tmp_path / "a.json")
    assert counts["split"] == {"train": 21, "validation": 3, "test": 6} and counts["duplicates_dropped"] == 1


def test_holdout_categories_go_to_test_only_marked_out_of_distribution():
    rows = [{**r, "category": "cards" if i % 4 else "invoice"} for i, r in enumerate(records(40))]
    parts = split.split_records(rows, SplitConfig(seed=0, test_size=5, validation_size=3,
                                                  holdout_categories=["invoice"]))
    held = [r for r in parts["test"] if r["part"] == "out_of_distribution"]
    assert len(held) == 10 and all(r["category"] == "invoice" for r in held)
    assert all(r["category"] != "invoice" for name in ("train", "validation") for r in parts[name])
    inside = [r for r in parts["test"] if r["part"] == "in_distribution"]
    assert len(inside) == 5 and all(r["category"] == "cards" for r in inside)


def test_holdout_category_that_matches_nothing_is_an_error():
    rows = [{**r, "category": "cards"} for r in records(20)]
    with pytest.raises(DataError, match="match no record's category"):
        split.split_records(rows, SplitConfig(seed=0, test_size=2, validation_size=2, holdout_categories=["invoce"]))
