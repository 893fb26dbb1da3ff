"""How finetune batches (htmlgen.collate): a packed row attends within each example only,
computing the output layer on the supervised positions alone changes neither loss nor gradients,
and a stratified order spreads every category over the run."""

from __future__ import annotations

import collections
import random

import pytest
import torch

from htmlgen.collate import (IGNORE, MODEL_COLUMNS, StratifiedOrder, stratified_order, supervised_positions,
                             training_collator)
from htmlgen.modeling import load_tokenizer

from finetune_data import SYSTEM, TRAIN_PAIRS, run_tokenize  # noqa: E402


@pytest.fixture(scope="module")
def examples(tiny_base_dir, tmp_path_factory) -> list[dict]:
    from datasets import load_from_disk

    data = run_tokenize(tmp_path_factory.mktemp("data"), tiny_base_dir, {"train": TRAIN_PAIRS, "validation": [],
                                                                         "test": []})
    train = load_from_disk(str(data / "train")).select_columns(list(MODEL_COLUMNS))
    rows = [train[i] for i in range(len(train))]
    assert len({len(r["input_ids"]) for r in rows}) > 1  # lengths differ: padding and packing differ
    return rows


def load(tiny_base_dir, attn: str):
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_base_dir, attn_implementation=attn, dtype=torch.float32)
    model.config.use_cache = False  # as finetune trains: with a cache, packed rows would attend across examples
    return model.eval()


def test_supervised_positions_are_the_ones_before_each_label():
    labels = torch.tensor([[IGNORE, IGNORE, 5, 6, IGNORE], [IGNORE, 7, IGNORE, IGNORE, IGNORE]])
    assert supervised_positions(labels).tolist() == [[False, True, True, False, False],
                                                     [True, False, False, False, False]]


@pytest.mark.parametrize("attn", ["sdpa", "eager"])
@torch.no_grad()
def test_a_packed_row_gives_each_example_the_logits_it_has_alone(examples, tiny_base_dir, attn):
    model = load(tiny_base_dir, attn)
    tokenizer = load_tokenizer(tiny_base_dir)
    packed = training_collator(tokenizer, packing=True, head_on_answers_only=False)(examples)
    assert packed["input_ids"].shape[0] == 1 and "attention_mask" not in packed  # no padding, no mask
    row = model(input_ids=packed["input_ids"], position_ids=packed["position_ids"]).logits[0]
    start = 0
    for example in examples:
        alone = model(input_ids=torch.tensor([example["input_ids"]])).logits[0]
        torch.testing.assert_close(row[start:start + len(alone)], alone, rtol=1e-4, atol=1e-5)
        start += len(alone)
    assert start == row.shape[0]
    # Each example's first label is masked: no example learns to predict the next one's start.
    firsts = torch.cumsum(torch.tensor([0] + [len(e["input_ids"]) for e in examples[:-1]]), 0)
    assert (packed["labels"][0, firsts] == IGNORE).all()


@pytest.mark.parametrize("packing", [False, True])
def test_head_on_answers_only_keeps_loss_and_gradients(examples, tiny_base_dir, packing):
    from peft import LoraConfig, get_peft_model

    tokenizer = load_tokenizer(tiny_base_dir)
    results = {}
    for head_only in (False, True):
        torch.manual_seed(0)
        model = get_peft_model(load(tiny_base_dir, "sdpa"), LoraConfig(r=4, target_modules=["q_proj", "down_proj"],
                                                                        init_lora_weights=False))
        batch = training_collator(tokenizer, packing, head_only)(examples)
        answer_tokens = int((batch["labels"][:, 1:] != IGNORE).sum())
        out = model(**batch, num_items_in_batch=answer_tokens)
        if head_only:  # logits exist only where a label is trained on
            assert out.logits.shape[:-1] == (answer_tokens,)
        out.loss.backward()
        results[head_only] = (out.loss.detach(), {n: p.grad.clone() for n, p in model.named_parameters()
                                                  if p.requires_grad})
    full_loss, full_grads = results[False]
    loss, grads = results[True]
    torch.testing.assert_close(loss, full_loss, rtol=1e-5, atol=1e-6)
    for name, grad in full_grads.items():
        torch.testing.assert_close(grads[name], grad, rtol=1e-4, atol=1e-6, msg=lambda m, n=name: f"{n}: {m}")


# 24 categories of 4 to 24 pages, like the sample set's training split
STRATA = [f"category{c}" for c in range(24) for _ in range(4 + c % 21)]


def largest_prefix_deviation(order: list[int], strata: list[str]) -> float:
    """Over every first k of ``order``: how far a category's count is from its share of k."""
    share = {s: n / len(strata) for s, n in collections.Counter(strata).items()}
    seen, worst = collections.Counter(), 0.0
    for k, index in enumerate(order, start=1):
        seen[strata[index]] += 1
        worst = max(worst, max(abs(seen[s] - k * share[s]) for s in share))
    return worst


@pytest.mark.parametrize("seed", range(5))
def test_every_stretch_of_a_stratified_order_holds_each_category_in_its_share(seed):
    order = stratified_order(STRATA, random.Random(seed))
    assert sorted(order) == list(range(len(STRATA)))  # each example once
    assert largest_prefix_deviation(order, STRATA) < 2
    # what it replaces, a plain shuffle, strays much further (so the bound above can fail)
    shuffled = random.Random(seed).sample(range(len(STRATA)), len(STRATA))
    assert largest_prefix_deviation(shuffled, STRATA) > 3


def test_a_stratified_order_is_seeded_per_epoch_and_one_category_is_a_shuffle():
    sampler = StratifiedOrder(STRATA, seed=3)
    first = list(sampler)
    assert list(StratifiedOrder(STRATA, seed=3)) == first  # a resumed run skips the batches it trained on
    assert list(StratifiedOrder(STRATA, seed=4)) != first
    sampler.set_epoch(1)
    assert list(sampler) != first and sorted(sampler) == sorted(first)
    # data with no categories (every row ""): a seeded shuffle of all rows
    plain = stratified_order([""] * 50, random.Random(0))
    assert sorted(plain) == list(range(50)) and plain != list(range(50))
