"""The batch's token choice (htmlgen/sampling.py): transformers' warpers and ``generation.sample``
row by row, done for the whole batch at once, and a row's draw the same alone as in a batch."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from htmlgen.config import GenerateConfig
from htmlgen.generation import DryLogitsProcessor, sample, warpers
from htmlgen.sampling import draw, penalise, warp

TEMPERATURES = [0.5, 1.0, 0.7, 1.3, 0.2]
TOP_PS = [1.0, 0.9, 0.5, 1.0, 0.95]


def logits(rows: int = 5, vocabulary: int = 2000, seed: int = 0) -> torch.Tensor:
    return torch.randn((rows, vocabulary), generator=torch.Generator().manual_seed(seed)) * 3


def test_warp_is_transformers_warpers_row_by_row():
    for min_p in (0.0, 0.1):
        scores = logits()
        batched = warp(scores.clone(), TEMPERATURES, TOP_PS, min_p)
        for i, (temperature, top_p) in enumerate(zip(TEMPERATURES, TOP_PS, strict=True)):
            chain = warpers(GenerateConfig(do_sample=True, temperature=temperature, top_p=top_p, min_p=min_p,
                                           dry_multiplier=0.0), tokenizer=None)
            alone = chain(torch.zeros((1, 1), dtype=torch.long), scores[i:i + 1].clone())
            assert torch.equal(torch.isfinite(batched[i:i + 1]), torch.isfinite(alone)), (i, min_p)
            kept = torch.isfinite(alone)
            torch.testing.assert_close(batched[i:i + 1][kept], alone[kept])
        assert (torch.isfinite(batched).sum(-1) < scores.shape[-1]).any()  # something was cut


def test_draw_gives_each_row_what_sample_gives_it_alone():
    scores = warp(logits(), TEMPERATURES, TOP_PS, 0.1)
    scores[3] = logits(1, seed=9)[0]  # a row with every token a candidate (the full-vocabulary draw)
    for seed in range(20):
        batched = draw(scores, [torch.Generator().manual_seed(seed + i) for i in range(len(scores))])
        alone = [int(sample(scores[i:i + 1], torch.Generator().manual_seed(seed + i))) for i in range(len(scores))]
        assert batched.tolist() == alone
        assert all(torch.isfinite(scores[i, t]) for i, t in enumerate(batched.tolist()))


def test_draw_breaks_ties_the_same_way_alone_and_in_a_batch():
    scores = torch.full((2, 100), -float("inf"))
    scores[0, [7, 3, 50, 20]] = 1.0  # four equal candidates
    scores[1, :30] = torch.linspace(0, 1, 30)  # more candidates: a larger topk for the batch
    for seed in range(30):
        batched = draw(scores, [torch.Generator().manual_seed(seed), torch.Generator().manual_seed(99)])
        alone = draw(scores[:1], [torch.Generator().manual_seed(seed)])
        assert batched[0] == alone[0]


@pytest.mark.parametrize("digit_ids", [None, set(range(10))], ids=["plain", "folded_digits"])
def test_penalise_applies_dry_to_each_row_on_its_own_history(digit_ids):
    dry = DryLogitsProcessor(multiplier=0.8, base=1.75, allowed_length=2, digit_ids=digit_ids)
    rng = np.random.default_rng(0)
    loop = [5, 6, 7, 8] * 6
    counting = [1, 2, 40, 1, 3, 40, 1, 4, 40, 1]  # "12, 13, 14, 1": a repeat only with folded digits
    histories = [loop + [5, 6], rng.integers(0, 50, 40).tolist(), [1, 2, 3, 1, 2], loop[:9], counting]
    scores = logits(len(histories), 50)
    batched = penalise(scores.clone(), histories, [dry])
    for i, history in enumerate(histories):
        alone = dry(torch.tensor([history]), scores[i:i + 1].clone())
        assert torch.equal(batched[i:i + 1], alone), i
    assert not torch.equal(batched[0], scores[0])  # the loop is penalised
    # Counting: with folded digits every digit is penalised, without only those seen after "40 1".
    assert bool((batched[4, :10] < scores[4, :10]).all()) == (digit_ids is not None)


def test_penalise_runs_the_other_penalties_row_by_row():
    chain = warpers(GenerateConfig(do_sample=False, repetition_penalty=1.3, no_repeat_ngram_size=3,
                                   dry_multiplier=0.0), tokenizer=None)
    histories = [[1, 2, 3, 1, 2], [4, 4, 4, 9]]
    scores = logits(2, 20)
    batched = penalise(scores.clone(), histories, chain)
    for i, history in enumerate(histories):
        assert torch.equal(batched[i:i + 1], chain(torch.tensor([history]), scores[i:i + 1].clone()))
