"""Speculative decoding from the text itself (prompt lookup): the pieces ``generation.decode_batch``
needs to check several drafted tokens per row in one forward pass.

HTML repeats itself (closing tags, class names, the structure of the card above): the tokens that
followed the last earlier occurrence of the newest few tokens are often the next ones. A pass
feeds each row its last token plus up to k such drafts; the row keeps the drafts its own decoding
would have chosen, position by position with its own penalties and seeded draw, and one token
more. So the answers are the ones decoding token by token gives (tested); only the number of
forward passes drops. What a pass of several tokens costs decides whether it pays
(``benchmarks/generation.py --ways decode_batch,drafts2``, README "Generation speed").

Rows keep different numbers of drafts, so after a pass their caches hold different lengths: the
cache writes each row at its own offset (``generation.PreallocatedLayer.offsets``), and a 4D
mask tells each query position which cached positions are its row's past.
"""

from __future__ import annotations

import contextlib

import numpy as np
import torch

ATTENTION = "htmlgen_sdpa_gqa"
# Positions a pass may feed in all (rows x (1 + drafts)). On a CPU a decoding pass costs about the
# same up to a few dozen positions (memory-bound: the weights are read once), then grows ~2 ms per
# position (SmolLM2, 2 cores); a full batch of 32 rows gains nothing from drafts its acceptance
# (~1.3 tokens per pass at first) does not pay for, while the last few rows draft freely.
# benchmarks/generation.py --ways drafts2p64,... measures other budgets (README "Generation speed").
PASS_POSITIONS = 64


def draft(history: list[int] | np.ndarray, k: int, longest: int = 3) -> list[int]:
    """The (up to) k tokens that followed the most recent earlier occurrence of the history's last
    n tokens, for n = longest down to 1 (a longer match first: it predicts better); [] if none."""
    seq = np.asarray(history)
    size = len(seq)
    for n in range(min(longest, size - 1), 0, -1):
        # Windows seq[s : s + n] for s < size - n (strictly earlier than the suffix itself).
        hits = np.ones(size - n, dtype=bool)
        for j in range(n):
            hits &= seq[j:size - n + j] == seq[size - n + j]
        starts = np.flatnonzero(hits)
        if starts.size:
            start = int(starts[-1]) + n
            return seq[start:start + k].tolist()
    return []


def drafts_per_row(drafts: int, rows: int, positions: int | None = None) -> int:
    """How many tokens each row may draft in a pass of ``rows`` rows: up to ``drafts``, within the
    pass's budget of positions (``PASS_POSITIONS``; none for a batch that fills it with one token per row)."""
    return min(drafts, max(0, (positions or PASS_POSITIONS) // rows - 1))


def ragged_mask(pad: torch.Tensor, filled: torch.Tensor, width: int, length: int) -> torch.Tensor:
    """The 4D boolean mask (rows, 1, width, length) of a pass writing ``width`` new positions per
    row at ``filled`` (each row's cache length before the pass): query t of row b sees cached
    positions from its first real token (``pad``: its left padding) to its own position filled + t."""
    keys = torch.arange(length, device=filled.device)
    last = filled[:, None] + torch.arange(width, device=filled.device)  # (rows, width)
    allowed = (keys[None, None, :] >= pad[:, None, None]) & (keys[None, None, :] <= last[:, :, None])
    return allowed[:, None]


def gqa_sdpa(module, query, key, value, attention_mask, dropout: float = 0.0, scaling=None, **kwargs):
    """transformers' sdpa attention, except for several query positions over a longer cache with
    grouped-query heads: there transformers repeats each key/value head for its query heads
    (``repeat_kv``, a copy of the whole cache per layer and pass: a 5-token pass cost 5.5x a
    1-token one at batch 32). Here the query heads that share a key/value head are folded into
    one head of n_rep x width positions, each with its row of the mask, and attend to the cache as
    it is (the same folding transformers does for a single query position)."""
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    batch, heads, width, dim = query.shape
    kv_heads = key.shape[1]
    if width == 1 or width >= key.shape[2] or heads == kv_heads or attention_mask is None:
        return sdpa_attention_forward(module, query, key, value, attention_mask, dropout=dropout, scaling=scaling,
                                      **kwargs)
    rep = heads // kv_heads
    folded = query.reshape(batch, kv_heads, rep * width, dim)  # query head h uses key/value head h // rep
    mask = attention_mask.repeat(1, 1, rep, 1)
    out = torch.nn.functional.scaled_dot_product_attention(folded, key, value, attn_mask=mask, scale=scaling)
    return out.reshape(batch, heads, width, dim).transpose(1, 2).contiguous(), None


def register() -> None:
    from transformers import AttentionInterface, AttentionMaskInterface
    from transformers.masking_utils import sdpa_mask

    AttentionInterface.register(ATTENTION, gqa_sdpa)
    AttentionMaskInterface.register(ATTENTION, sdpa_mask)


def can_draft(model, cache) -> bool:
    """Drafting needs sdpa (its masks are boolean; eager adds the mask, flash-attention takes none)
    and a cache that writes rows at their own offsets (``PreallocatedLayer``)."""
    from htmlgen.generation import is_preallocated

    implementation = getattr(model.config, "_attn_implementation", None)
    return implementation in ("sdpa", ATTENTION) and is_preallocated(cache)


@contextlib.contextmanager
def drafting_attention(model):
    """The model attends with ``gqa_sdpa`` for the duration (it was sdpa: see ``can_draft``)."""
    register()
    before = model.config._attn_implementation
    model.set_attn_implementation(ATTENTION)
    try:
        yield model
    finally:
        model.set_attn_implementation(before)
