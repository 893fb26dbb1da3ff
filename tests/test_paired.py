"""benchmarks/paired.py: two answer files compared pair by pair, joined by id."""

from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import REPO


def load_paired():
    spec = importlib.util.spec_from_file_location("paired", REPO / "benchmarks" / "paired.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scored_rows(chrf_by_id: dict[str, float]) -> list[dict]:
    return [{"id": i, "part": "in_distribution", "chrf": c, "finished_page": c > 0.5} for i, c in chrf_by_id.items()]


def test_difference_is_taken_pair_by_pair_on_the_ids_both_files_have():
    paired = load_paired()
    # Prompts differ a lot in difficulty; B is better by exactly 0.02 on each. Rows are in another
    # order in B and B has one prompt A lacks: a join by position, or no join, gets this wrong.
    a = scored_rows({"p1": 0.10, "p2": 0.80, "p3": 0.30, "p4": 0.60})
    b = scored_rows({"p4": 0.62, "p3": 0.32, "extra": 0.99, "p2": 0.82, "p1": 0.12})
    result = paired.compare(a, b, samples=500)
    assert result["examples"] == 4
    delta = result["b_minus_a"]["chrf"]
    assert delta["mean"] == pytest.approx(0.02)
    # Paired: every difference is 0.02, so the interval is the point; unpaired it would span the
    # spread of difficulty (about ±0.25).
    assert delta["ci95"] == pytest.approx([0.02, 0.02])
    assert result["b"]["chrf"]["mean"] - result["a"]["chrf"]["mean"] == pytest.approx(0.02)


def test_files_of_different_test_splits_are_refused(tmp_path):
    paired = load_paired()
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps(scored_rows({"p1": 0.1})[0]) + "\n")
    b.write_text(json.dumps(scored_rows({"q1": 0.1})[0]) + "\n")
    with pytest.raises(SystemExit, match="share no row id"):
        paired.main([str(a), str(b)])


def test_part_selects_rows_and_the_table_is_printed(tmp_path, capsys):
    paired = load_paired()
    rows = scored_rows({"p1": 0.2, "p2": 0.4}) + [{"id": "o1", "part": "out_of_distribution", "chrf": 0.9,
                                                   "finished_page": True}]
    better = [{**r, "chrf": r["chrf"] + (0.1 if r["part"] == "in_distribution" else -0.5)} for r in rows]
    a, b, out = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "cmp.json"
    a.write_text("".join(json.dumps(r) + "\n" for r in rows))
    b.write_text("".join(json.dumps(r) + "\n" for r in better))
    assert paired.main([str(a), str(b), "--part", "in_distribution", "--out", str(out)]) == 0
    assert "2 prompts" in capsys.readouterr().out
    assert json.loads(out.read_text())["b_minus_a"]["chrf"]["mean"] == pytest.approx(0.1)


def test_runs_of_one_recipe_are_pooled_per_prompt(tmp_path):
    paired = load_paired()
    # Two runs of A: p1 finished in one of them, p2 in both; B finishes both in its one run.
    runs_a = [scored_rows({"p1": 0.2, "p2": 0.6}), scored_rows({"p1": 0.8, "p2": 0.7, "only_here": 0.9})]
    paths = []
    for k, rows in enumerate(runs_a):
        paths.append(tmp_path / f"a{k}.jsonl")
        paths[-1].write_text("".join(json.dumps(r) + "\n" for r in rows))
    b = tmp_path / "b.jsonl"
    b.write_text("".join(json.dumps(r) + "\n" for r in scored_rows({"p1": 0.9, "p2": 0.9})))
    out = tmp_path / "out.json"
    assert paired.main([",".join(map(str, paths)), str(b), "--out", str(out), "--samples", "200"]) == 0
    result = json.loads(out.read_text())
    assert result["examples"] == 2  # prompts, not rows: a prompt of one run only is left out
    assert result["a"]["finished_page"]["mean"] == pytest.approx(0.75)  # p1 0.5, p2 1.0
    assert result["a"]["chrf"]["mean"] == pytest.approx((0.5 + 0.65) / 2)
    assert result["b_minus_a"]["chrf"]["mean"] == pytest.approx(0.9 - 0.575)
