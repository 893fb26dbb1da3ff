"""How finetune batches its tokenized examples (finetune.packing, finetune.head_on_answers_only).

- padded (default): each micro-batch padded to its longest example (transformers'
  DataCollatorForSeq2Seq; labels padded with -100).
- packed: the micro-batch's examples concatenated into one row with no padding, position_ids
  restarting at 0 for each example (transformers' DataCollatorWithFlattening). With sdpa/eager
  attention, transformers builds a block-diagonal causal mask from the restarting position_ids
  only when no attention mask and no cache are passed: the collator passes no mask and finetune
  trains with use_cache off. On a GPU with flash-attention this is the standard padding-free batch.
- head on answers only: the output layer (49,152 words x 576 for SmolLM2) and the cross-entropy
  run only at positions whose next token is supervised, not on the prompt (logits_to_keep as a
  boolean mask; the model's own loss then reads the matching shift_labels).

And in what order (finetune.data_order): a shuffle, or a stratified shuffle in which every stretch
of the run holds each category in its share of the training set. A default run of 20 steps x 4
examples sees 80 of the 259 training pairs: shuffled, which categories it sees, and how often,
is left to the seed (seed 44 saw no e-mail and no timeline page, 12 interactive pages and one
programming task).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import torch

MODEL_COLUMNS = ("input_ids", "labels")  # what the collators read; tokenize also writes id and category

IGNORE = -100


def supervised_positions(labels: torch.Tensor) -> torch.Tensor:
    """Boolean (batch, length): True at position t when the token at t + 1 is trained on, i.e.
    where a causal LM's logits enter the loss (the model shifts labels by one)."""
    keep = torch.zeros_like(labels, dtype=torch.bool)
    keep[:, :-1] = labels[:, 1:] != IGNORE
    return keep


@dataclass
class HeadOnAnswers:
    """Wraps a collator: adds ``logits_to_keep`` (the supervised positions) and ``shift_labels``
    (their targets, flattened in the same order as the model flattens the kept logits), so neither
    the output layer nor the softmax runs on prompt or padding positions. Same loss, same gradients."""

    collator: Any

    def __call__(self, features: list[dict]) -> dict:
        batch = self.collator(features)
        keep = supervised_positions(batch["labels"])
        batch["logits_to_keep"] = keep
        batch["shift_labels"] = batch["labels"][:, 1:][keep[:, :-1]]
        return batch


def training_collator(tokenizer, packing: bool, head_on_answers_only: bool):
    """The collator finetune (and benchmarks/train_throughput.py) batches with."""
    from transformers import DataCollatorForSeq2Seq, DataCollatorWithFlattening

    if packing:
        # separator_id -100: the first token of each example is never a target of the one before.
        collator = DataCollatorWithFlattening(return_position_ids=True, separator_id=IGNORE)
    else:
        collator = DataCollatorForSeq2Seq(tokenizer, padding="longest", label_pad_token_id=IGNORE)
    return HeadOnAnswers(collator) if head_on_answers_only else collator


def stratified_order(strata: list[str], rng: random.Random) -> list[int]:
    """Every index once, shuffled so that any first k indices hold each stratum's share of k,
    within one (systematic sampling with a random start): within a stratum of n the members are
    shuffled and the r-th one is placed at (r + u) / n along the run, u drawn once per stratum;
    ties between strata fall in random order."""
    members = defaultdict(list)
    for index, stratum in enumerate(strata):
        members[stratum].append(index)
    placed = []
    for indices in members.values():
        rng.shuffle(indices)
        start = rng.random()
        placed += [((rank + start) / len(indices), rng.random(), index) for rank, index in enumerate(indices)]
    return [index for *_, index in sorted(placed)]


class StratifiedOrder(torch.utils.data.Sampler):
    """The Trainer's sampler under finetune.data_order: stratified: a new stratified order each
    epoch (seed + epoch), the same one again for the same seed, so a resumed run skips the
    batches it already trained on, as with the Trainer's own seeded shuffle."""

    def __init__(self, strata: list[str], seed: int):
        self.strata, self.seed, self.epoch = list(strata), seed, 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return len(self.strata)

    def __iter__(self):
        return iter(stratified_order(self.strata, random.Random(self.seed + self.epoch)))
