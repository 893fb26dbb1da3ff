"""How a batch of rows picks its next tokens: each row's penalties, temperature / top_p /
min_p and seeded draw, over the whole batch at once (the server's running batch, and evaluate's
``generation.decode_batch``, where a row may be several positions: a token and its drafts).

The engine used to run transformers' processors and ``generation.sample`` row by row: a dozen
full-vocabulary ops per row and step (isfinite, softmax, masked_fill, amax, topk over 49,152
logits), ~10 % of a batch-16 step on this CPU (cProfile). Here each of them runs once per step.

A row still gets what it gets alone: every op is row-wise (no row's result depends on another),
and each row draws from its own seeded generator over the same candidates in the same order.
The maths is transformers' (TemperatureLogitsWarper, TopPLogitsWarper, MinPLogitsWarper, their
order) and ``generation.sample``'s (a draw among the candidates left, as multinomial over the
whole vocabulary would).
"""

from __future__ import annotations

import numpy as np
import torch

from htmlgen.generation import DryLogitsProcessor


def penalise(scores: torch.Tensor, histories: list[list[int]], chain) -> torch.Tensor:
    """The penalties of ``chain`` (``generation.warpers`` without sampling), each row on its own
    history (prompt + answer so far): DRY for all rows in one scatter; the others (repetition,
    n-gram ban, off by default) row by row, as they want a tensor of one row's ids."""
    others = [p for p in chain if not isinstance(p, DryLogitsProcessor)]
    for i, history in enumerate(histories if others else ()):
        ids = torch.tensor([history], device=scores.device)
        for processor in others:
            scores[i:i + 1] = processor(ids, scores[i:i + 1])
    for processor in chain:
        if isinstance(processor, DryLogitsProcessor):
            scores = penalise_dry(processor, histories, scores)
    return scores


def penalise_dry(dry: DryLogitsProcessor, histories: list[list[int]], scores: torch.Tensor) -> torch.Tensor:
    """``dry`` (its own ``penalised`` and formula) on rows of any length, in one scatter."""
    if dry.multiplier == 0:
        return scores
    rows, tokens, lengths = [], [], []
    for row, history in enumerate(histories):
        seq = np.asarray(history[-dry.window:] if dry.window else history)
        for token, length in dry.penalised(seq).items():
            rows.append(row)
            tokens.append(token)
            lengths.append(length)
    if rows:
        exponents = torch.tensor(lengths, dtype=scores.dtype, device=scores.device)
        index = (torch.tensor(rows, device=scores.device), torch.tensor(tokens, device=scores.device))
        scores[index] -= dry.multiplier * dry.base ** (exponents - dry.allowed)
    return scores


def warp(scores: torch.Tensor, temperatures: list[float], top_ps: list[float], min_p: float) -> torch.Tensor:
    """Temperature, then top_p (rows that ask for it), then min_p, as transformers' warpers."""
    def column(values: list[float]) -> torch.Tensor:
        return torch.tensor(values, dtype=scores.dtype, device=scores.device)[:, None]

    scores = scores / column(temperatures)
    cut = [i for i, p in enumerate(top_ps) if p < 1.0]
    if cut:
        index = torch.tensor(cut, device=scores.device)
        part = scores[index]
        sorted_logits, sorted_indices = torch.sort(part, descending=False)
        cumulative = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
        remove = cumulative <= column([1 - top_ps[i] for i in cut])  # 1 - p in double, as transformers
        remove[..., -1:] = False  # keep at least one
        remove = remove.scatter(1, sorted_indices, remove)
        scores[index] = part.masked_fill(remove, -float("inf"))
    if min_p:
        probs = scores.softmax(dim=-1)
        remove = probs < min_p * probs.amax(dim=-1, keepdim=True)
        remove.scatter_(-1, probs.topk(1, dim=-1).indices, False)  # keep the top token
        scores = scores.masked_fill(remove, -float("inf"))
    return scores


class Candidates:
    """The tokens each row of ``scores`` may draw, prepared for all rows at once (one ``isfinite``,
    one ``topk`` and two sorts for the whole batch), so that drawing a row costs only its own small
    softmax and ``multinomial``: ``decode_batch`` draws its rows' positions one by one (a drafted
    position is drawn only if the one before it was kept) and used to prepare each position alone."""

    def __init__(self, scores: torch.Tensor):
        self.scores = scores
        vocabulary = scores.shape[-1]
        self.counts = torch.isfinite(scores).sum(-1).tolist()
        self.few = [n < vocabulary // 2 for n in self.counts]
        self.values = self.indices = None
        if any(self.few):
            # Every row's top candidates, k the largest count: a row's first n of them are its own
            # candidates whatever k is, once equal scores are put in one order (lowest id first), so
            # a row lines up the same alone as in a batch.
            values, indices = scores.topk(max(n for n, few in zip(self.counts, self.few) if few), dim=-1)
            indices, order = indices.sort(dim=-1)
            values, order = values.gather(-1, order).sort(dim=-1, descending=True, stable=True)
            self.values, self.indices = values, indices.gather(-1, order)

    def draw(self, row: int, generator: torch.Generator) -> int:
        """One token for ``row`` from softmax of its scores, with its generator: among its candidates
        (finite scores, highest first) when top_p / min_p left few, as ``generation.sample`` does."""
        if self.few[row]:
            n = self.counts[row]
            choice = torch.multinomial(self.values[row, :n].softmax(-1), 1, generator=generator)
            return int(self.indices[row, choice[0]])
        return int(torch.multinomial(self.scores[row].softmax(-1), 1, generator=generator)[0])


def draw(scores: torch.Tensor, generators: list[torch.Generator]) -> torch.Tensor:
    """One token per row from softmax(scores), each row with its own generator (``Candidates``)."""
    candidates = Candidates(scores)
    return torch.tensor([candidates.draw(row, generator) for row, generator in enumerate(generators)],
                        dtype=torch.long, device=scores.device)
