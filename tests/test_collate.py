"""How finetune batches (htmlgen.collate): a packed row attends within each example only, and
computing the output layer on the supervised positions alone changes neither loss nor gradients."""

from __future__ import annotations

import pytest
import torch

from htmlgen.collate import IGNORE, supervised_positions, training_collator
from htmlgen.modeling import load_tokenizer

from finetune_data import SYSTEM, TRAIN_PAIRS, run_tokenize  # noqa: E402


@pytest.fixture(scope="module")
def examples(tiny_base_dir, tmp_path_factory) -> list[dict]:
    from datasets import load_from_disk

    data = run_tokenize(tmp_path_factory.mktemp("data"), tiny_base_dir, {"train": TRAIN_PAIRS, "validation": [],
                                                                         "test": []})
    train = load_from_disk(str(data / "train")).remove_columns(["id"])
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
