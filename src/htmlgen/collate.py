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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch

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
