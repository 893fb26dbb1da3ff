"""tokenize: chat template, answer-only labels, the long-example strategy, statistics, plots."""

import pytest

from htmlgen import io
from htmlgen.artifacts import SPLITS
from htmlgen.config import PromptConfig, TokenizeConfig
from htmlgen.modeling import load_tokenizer
from htmlgen.prompting import IGNORE_INDEX, build_example, encode_prompt, format_prompt
from htmlgen.records import DataError
from htmlgen.stages import tokenize

SYSTEM = "You write HTML."
HTML = '<!DOCTYPE html>\n<html lang="en">\n<body>\n  <button class="btn">Buy now</button>\n</body>\n</html>'


@pytest.fixture(scope="module")
def tokenizer(tiny_base_dir):
    return load_tokenizer(tiny_base_dir)


def test_unmasked_labels_decode_to_exactly_the_html_and_end_of_turn(tokenizer):
    example = build_example(tokenizer, "A page with a buy button", HTML, SYSTEM, 1024, "drop")
    assert example.status == "ok"
    trainable = [label for label in example.labels if label != IGNORE_INDEX]
    assert tokenizer.decode(trainable) == HTML + tokenizer.eos_token
    # the masked part is exactly the chat-formatted prompt, generation prompt included
    masked = example.input_ids[: example.labels.count(IGNORE_INDEX)]
    assert tokenizer.decode(masked) == format_prompt(tokenizer, "A page with a buy button", SYSTEM)
    assert format_prompt(tokenizer, "x", SYSTEM).endswith("<|im_start|>assistant\n")
    assert example.input_ids[-1] == tokenizer.eos_token_id  # the model learns to stop


def test_long_examples_are_dropped_or_truncated_never_silently(tokenizer):
    n_prompt = len(encode_prompt(tokenizer, "p", SYSTEM))
    limit = n_prompt + 10
    dropped = build_example(tokenizer, "p", HTML, SYSTEM, limit, "drop")
    assert dropped.status == "too_long" and dropped.input_ids == []
    cut = build_example(tokenizer, "p", HTML, SYSTEM, limit, "truncate")
    assert cut.status == "truncated" and len(cut.input_ids) == limit
    assert tokenizer.eos_token_id not in cut.labels  # a cut page must not teach stopping there
    assert cut.trainable_tokens == 10
    squeezed = build_example(tokenizer, "p", HTML, SYSTEM, n_prompt + 2, "truncate", min_answer_tokens=4)
    assert squeezed.status == "prompt_too_long"


def test_too_few_trainable_tokens_is_an_error(tokenizer):
    rows = [{"prompt": "p", "html": "<p>"}]
    with pytest.raises(DataError, match=r"train.jsonl, row 1, field 'html': only \d+ trainable tokens"):
        tokenize.tokenize_split(tokenizer, rows, PromptConfig(system=SYSTEM),
                                TokenizeConfig(min_answer_tokens=50), "train.jsonl")


def test_stage_writes_datasets_stats_and_plots(tmp_path, tiny_base_dir):
    from datasets import load_from_disk

    splits = tmp_path / "split"
    splits.mkdir()
    long_html = HTML.replace("Buy now", "Buy now " * 400)
    rows = {"train": [{"id": f"t{i}", "prompt": f"Page {i}", "html": HTML, **({"category": "cards"} if i < 2 else {})}
                      for i in range(6)]
            + [{"id": "long", "prompt": "Long page", "html": long_html}],
            "validation": [{"id": "v", "prompt": "Validation page", "html": HTML}],
            "test": [{"id": "x", "prompt": "Test page", "html": HTML}]}
    for name, part in rows.items():
        io.write_jsonl(splits / f"{name}.jsonl", part)
    (tmp_path / "params.yaml").write_text(
        f"prompt:\n  system: {SYSTEM}\ntokenize:\n  max_seq_len: 256\n  long_examples: drop\n  plot_bins: 10\n")
    out = tmp_path / "tok"
    args = ["--params", str(tmp_path / "params.yaml"), "--splits", str(splits), "--tokenizer", str(tiny_base_dir),
            "--out", str(out), "--metrics", str(tmp_path / "tokens.json"), "--plot", str(tmp_path / "len.png"),
            "--plot-data", str(tmp_path / "len.csv")]
    real_plot, titles = tokenize.plot_lengths, []

    def plot(*args, **kwargs):  # the real plot, noting the strategy line it is labelled with
        titles.append(args[4])
        return real_plot(*args, **kwargs)

    tokenize.plot_lengths = plot
    try:
        assert tokenize.main(args) == 0
    finally:
        tokenize.plot_lengths = real_plot
    train = load_from_disk(str(out / "train"))
    assert len(train) == 6 and "long" not in train["id"]
    assert train["category"] == ["cards", "cards", "", "", "", ""]  # for finetune.data_order: stratified
    assert all(len(ids) == len(labels) for ids, labels in zip(train["input_ids"], train["labels"], strict=True))
    stats = io.read_json(tmp_path / "tokens.json")
    assert stats["train"]["dropped"] == 1 and stats["train"]["kept"] == 6
    assert stats["train"]["share_over_limit"] == pytest.approx(1 / 7, abs=1e-3)
    assert stats["train"]["max"] > 256 >= stats["train"]["p50"]
    assert io.read_json(out / "format.json") == {"system_prompt": SYSTEM, "max_seq_len": 256, "long_examples": "drop"}
    # Pages, chunks per page and tokens kept, under drop too (the same keys as truncate and chunk).
    per_split, overall = stats["train"]["coverage"], stats["coverage"]
    assert (per_split["pages"], per_split["pages_kept"], per_split["chunks"], per_split["pages_chunked"]) == (7, 6, 6, 0)
    assert per_split["tokens_kept"] == sum(label != -100 for labels in train["labels"] for label in labels)
    assert (overall["pages"], overall["pages_kept"], overall["chunks"], overall["chunks_per_page_max"]) == (9, 8, 8, 1)
    assert overall["tokens_kept"] == sum(stats[split]["coverage"]["tokens_kept"] for split in SPLITS)
    assert overall["mean_share_of_page"] == pytest.approx(8 / 9, abs=1e-4)
    assert overall["share_tokens_kept"] == round(overall["tokens_kept"] / overall["page_tokens"], 4) < 0.5
    assert titles == [tokenize.strategy_label(TokenizeConfig(max_seq_len=256, long_examples="drop"), overall)]
    assert titles[0].startswith("long_examples: drop, max_seq_len 256: 8 of 9 pages kept, 8 examples kept, ")
    assert (tmp_path / "len.png").read_bytes()[:4] == b"\x89PNG"
    lines = (tmp_path / "len.csv").read_text().splitlines()
    assert lines[0] == "tokens,prompt,html,total" and len(lines) == 11
    assert sum(int(line.split(",")[3]) for line in lines[1:]) == 9  # every example in one total bin
