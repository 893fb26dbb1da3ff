"""Decoding, one way for evaluate and serve: the `generate` section of params.yaml becomes a
transformers GenerationConfig plus our loop penalty, and `generate_answers` runs a batch of
prompts with it.

Why a loop penalty of our own: a small model decoding HTML greedily falls into loops (the same
CSS rule or the same few tags again and again) and never reaches ``</html>``. transformers'
``repetition_penalty`` punishes every token seen before, and HTML repeats ``<``, ``/``, ``>``
and tag names all the time, so it breaks the markup; ``no_repeat_ngram_size`` bans a repeat
outright. DRY ("Don't Repeat Yourself", the sampler of text-generation-webui, llama.cpp and
KoboldCpp) penalises only the token that would *extend* a verbatim repeat of earlier text
beyond ``allowed_length`` tokens, more the longer the repeat: short runs of tags stay free, a
loop gets more expensive each time round. transformers has no DRY, so it is written here
(vectorised with numpy, a few ms per step for a batch of 32).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np
import torch

from htmlgen.config import GenerateConfig
from htmlgen.prompting import end_of_turn_id

log = logging.getLogger("htmlgen.generation")

# A repeat longer than this is penalised as if it were this long: enough for the penalty to be
# overwhelming, and it bounds the work per step inside a long loop.
DRY_MAX_MATCH = 64


@dataclass(frozen=True)
class Completion:
    text: str
    finish_reason: str  # "stop" (end-of-turn), "stop_string" (e.g. </html>), "length" (budget used up)
    new_tokens: int  # tokens generated up to and including the one that stopped it

    @property
    def stopped(self) -> bool:
        return self.finish_reason != "length"


class DryLogitsProcessor:
    """DRY: for each candidate next token, the length L of the verbatim repeat of earlier text it
    would continue; if L >= allowed_length its logit drops by multiplier * base ** (L - allowed_length).

    A repeat may not extend across a sequence-breaker token (e.g. a newline, when breakers are set),
    so with breakers the penalty looks at repeats within one line only.
    """

    def __init__(self, multiplier: float, base: float, allowed_length: int, breaker_ids: set[int] | None = None,
                 window: int = 0):
        self.multiplier, self.base, self.allowed = multiplier, base, allowed_length
        self.window = window
        self.breakers = np.array(sorted(breaker_ids or ()), dtype=np.int64)

    def repeat_lengths(self, seq: np.ndarray) -> dict[int, int]:
        """{next token: length of the repeat it would extend} for one sequence (only lengths >= 1)."""
        n = len(seq)
        if n < 2 or np.isin(seq[-1], self.breakers):
            return {}
        # Earlier positions holding the last token: each is the end of a possible repeat.
        ends = np.flatnonzero(seq[:-1] == seq[-1])
        if not ends.size:
            return {}
        lengths = np.ones(len(ends), dtype=np.int64)
        active = np.ones(len(ends), dtype=bool)
        for k in range(1, DRY_MAX_MATCH):
            left, right = ends - k, n - 1 - k
            if right < 0:
                break
            ok = active & (left >= 0)
            ok[ok] = seq[left[ok]] == seq[right]
            if np.isin(seq[right], self.breakers):
                ok[:] = False
            if not ok.any():
                break
            lengths += ok
            active = ok
        followers = seq[ends + 1]
        result: dict[int, int] = {}
        for token, length in zip(followers.tolist(), lengths.tolist(), strict=True):
            if length > result.get(token, 0):
                result[token] = length
        for breaker in self.breakers.tolist():
            result.pop(breaker, None)  # ending a line is never a repeat to punish
        return result

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if self.multiplier == 0:
            return scores
        ids = input_ids[:, -self.window:] if self.window else input_ids
        ids = ids.cpu().numpy()
        for row in range(ids.shape[0]):
            lengths = {t: n for t, n in self.repeat_lengths(ids[row]).items() if n >= self.allowed}
            if not lengths:
                continue
            tokens = torch.tensor(list(lengths), device=scores.device)
            exponents = torch.tensor(list(lengths.values()), dtype=scores.dtype, device=scores.device)
            scores[row, tokens] -= self.multiplier * self.base ** (exponents - self.allowed)
        return scores


def breaker_token_ids(tokenizer, breakers: list[str]) -> set[int]:
    """Every vocabulary token whose text contains one of the breaker strings."""
    if not breakers:
        return set()
    texts = tokenizer.batch_decode([[i] for i in range(len(tokenizer))])
    return {i for i, text in enumerate(texts) if any(b in text for b in breakers)}


def generation_config(config: GenerateConfig, tokenizer, max_new_tokens: int | None = None, **overrides):
    """A fresh transformers GenerationConfig (the checkpoint's own sampling defaults must not leak in)."""
    from transformers import GenerationConfig

    sampling = ({"do_sample": True, "temperature": config.temperature, "top_p": config.top_p, "top_k": 0,
                 "min_p": config.min_p or None}
                if config.do_sample else {"do_sample": False})
    values = {
        "max_new_tokens": max_new_tokens or config.max_new_tokens,
        "eos_token_id": end_of_turn_id(tokenizer),
        "pad_token_id": tokenizer.pad_token_id,
        "repetition_penalty": config.repetition_penalty if config.repetition_penalty != 1.0 else None,
        "no_repeat_ngram_size": config.no_repeat_ngram_size or None,
        "stop_strings": list(config.stop) or None,
        **sampling,
        **overrides,
    }
    return GenerationConfig(**{k: v for k, v in values.items() if v is not None})


def logits_processors(config: GenerateConfig, tokenizer) -> list:
    """The processors transformers has no setting for (DRY), to pass as ``logits_processor``."""
    if config.dry_multiplier <= 0:
        return []
    return [DryLogitsProcessor(config.dry_multiplier, config.dry_base, config.dry_allowed_length,
                               breaker_token_ids(tokenizer, config.dry_sequence_breakers), config.dry_range)]


def finish(tokenizer, new_ids: list[int], stop: list[str], eot: int | set[int]) -> Completion:
    """Cut one row of generated ids at its end-of-turn or stop string, and say why it ended."""
    eots = {eot} if isinstance(eot, int) else set(eot)
    cut = next((i for i, t in enumerate(new_ids) if t in eots), None)
    tokens = new_ids if cut is None else new_ids[:cut]
    text = tokenizer.decode(tokens, skip_special_tokens=True)
    # The stop string ends the answer; generate pads the rest of the row, which decodes to nothing.
    ends = [text.index(s) + len(s) for s in stop if s in text]
    if ends:
        end = min(ends)
        used = len(tokenizer(text[:end], add_special_tokens=False)["input_ids"])
        return Completion(text[:end].strip(), "stop_string", min(used, len(tokens)))
    if cut is not None:
        return Completion(text.strip(), "stop", cut + 1)
    return Completion(text.strip(), "length", len(new_ids))


class ProgressLog:
    """A stopping criterion that never stops: logs tokens/s and finished rows every ``every``
    decoding steps, so a long batched generation is not silent for minutes."""

    def __init__(self, prompt_width: int, every: int = 128):
        self.width, self.every = prompt_width, every
        self.started = time.perf_counter()

    def __call__(self, input_ids: torch.Tensor, scores, **kwargs) -> torch.Tensor:
        steps = input_ids.shape[1] - self.width
        if steps and steps % self.every == 0:
            rate = steps * input_ids.shape[0] / (time.perf_counter() - self.started)
            log.info("    %d tokens per prompt, %.0f tokens/s (batch %d)", steps, rate, input_ids.shape[0])
        return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)


def left_padded(batch: list[list[int]], tokenizer, dev=None) -> dict[str, torch.Tensor]:
    """Prompts of a batch left-padded to the longest (generation appends on the right), with their mask."""
    padding_side = tokenizer.padding_side
    tokenizer.padding_side = "left"
    try:
        padded = tokenizer.pad({"input_ids": batch}, return_tensors="pt")
    finally:
        tokenizer.padding_side = padding_side
    return {k: v.to(dev) for k, v in padded.items()} if dev is not None else dict(padded)


@torch.no_grad()
def generate_answers(model, tokenizer, prompt_ids: list[list[int]], config: GenerateConfig,
                     batch_size: int) -> list[Completion]:
    """Completions for already-encoded prompts, ``batch_size`` at a time (left-padded).

    Prompts are batched in order of length (less padding), answers come back in input order;
    greedy answers do not depend on the batch (tested)."""
    from transformers import StoppingCriteriaList, set_seed

    dev = next(model.parameters()).device
    eot = end_of_turn_id(tokenizer)
    gen_config = generation_config(config, tokenizer)
    processors = logits_processors(config, tokenizer)
    order = sorted(range(len(prompt_ids)), key=lambda i: len(prompt_ids[i]))
    answers: dict[int, Completion] = {}
    started, new_tokens = time.perf_counter(), 0
    set_seed(config.seed)
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        inputs = left_padded([prompt_ids[i] for i in rows], tokenizer, dev)
        width = inputs["input_ids"].shape[1]
        output = model.generate(**inputs, generation_config=gen_config, tokenizer=tokenizer,
                                logits_processor=processors,
                                stopping_criteria=StoppingCriteriaList([ProgressLog(width)]))
        for i, new_ids in zip(rows, output[:, width:].tolist(), strict=True):
            answers[i] = finish(tokenizer, new_ids, config.stop, eot)
            new_tokens += answers[i].new_tokens
        log.info("  %d/%d prompts done, %.0f answer tokens/s", len(answers), len(prompt_ids),
                 new_tokens / (time.perf_counter() - started))
    return [answers[i] for i in range(len(prompt_ids))]
