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

import contextlib
import dataclasses
import logging
import time
from dataclasses import dataclass

import numpy as np
import torch
from transformers.cache_utils import DynamicLayer

from htmlgen.config import GenerateConfig
from htmlgen.prompting import end_of_turn_id

log = logging.getLogger("htmlgen.generation")

# A repeat longer than this is penalised as if it were this long: enough for the penalty to be
# overwhelming, and it bounds the work per step inside a long loop.
DRY_MAX_MATCH = 64
# With dry_fold_digits every digit token is this one id while DRY looks for repeats.
DIGIT = -1


@dataclass(frozen=True)
class Completion:
    text: str
    finish_reason: str  # "stop" (end-of-turn), "stop_string" (e.g. </html>), "length" (budget used up)
    new_tokens: int  # tokens generated up to and including the one that stopped it
    parts: int = 1  # generation windows it took (more than 1 only with generate.max_continuations)

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
                 window: int = 0, digit_ids: set[int] | None = None):
        self.multiplier, self.base, self.allowed = multiplier, base, allowed_length
        self.window = window
        self.breakers = np.array(sorted(breaker_ids or ()), dtype=np.int64)
        # Folded digits (generate.dry_fold_digits): a near-loop that counts is a verbatim repeat of
        # "digits, comma, space" and is penalised like any other loop. These tokenizers write numbers
        # digit by digit, so without folding "2036, 2037, 2038" repeats at most 5 tokens (", 203").
        # A token that is both (say "\n1" with "\n" a breaker) stays a breaker.
        self.digits = np.array(sorted(set(digit_ids or ()) - set(breaker_ids or ())), dtype=np.int64)
        # A lookup table by token id (its last entry False, for every id past the largest digit):
        # np.isin sorts its arguments at every call, and this runs for every row and position.
        self.digit_table = np.zeros(int(self.digits.max()) + 2 if self.digits.size else 1, dtype=bool)
        self.digit_table[self.digits] = True

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

    def penalised(self, seq: np.ndarray) -> dict[int, int]:
        """{next token: repeat length} for the tokens this sequence's next step penalises (length >=
        allowed_length); with folded digits, a digit extending a repeat stands for every digit."""
        if self.digits.size:
            seq = np.where(self.digit_table[np.minimum(seq, len(self.digit_table) - 1)], DIGIT, seq)
        lengths = {t: n for t, n in self.repeat_lengths(seq).items() if n >= self.allowed}
        if DIGIT in lengths:  # no single digit id is left in a folded sequence: the class stands for all
            lengths.update(dict.fromkeys(self.digits.tolist(), lengths.pop(DIGIT)))
        return lengths

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if self.multiplier == 0:
            return scores
        ids = input_ids[:, -self.window:] if self.window else input_ids
        ids = ids.cpu().numpy()
        for row in range(ids.shape[0]):
            lengths = self.penalised(ids[row])
            if not lengths:
                continue
            tokens = torch.tensor(list(lengths), device=scores.device)
            exponents = torch.tensor(list(lengths.values()), dtype=scores.dtype, device=scores.device)
            scores[row, tokens] -= self.multiplier * self.base ** (exponents - self.allowed)
        return scores


def token_texts(tokenizer) -> list[str]:
    """The text of every vocabulary token, by id."""
    return tokenizer.batch_decode([[i] for i in range(len(tokenizer))])


def breaker_token_ids(tokenizer, breakers: list[str]) -> set[int]:
    """Every vocabulary token whose text contains one of the breaker strings."""
    if not breakers:
        return set()
    return {i for i, text in enumerate(token_texts(tokenizer)) if any(b in text for b in breakers)}


def digit_token_ids(tokenizer) -> set[int]:
    """Every vocabulary token that is only ASCII digits (with or without one leading space)."""
    texts = (text.removeprefix(" ") for text in token_texts(tokenizer))
    return {i for i, text in enumerate(texts) if text.isascii() and text.isdigit()}


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
                               breaker_token_ids(tokenizer, config.dry_sequence_breakers), config.dry_range,
                               digit_token_ids(tokenizer) if config.dry_fold_digits else None)]


def finish(tokenizer, new_ids: list[int], stop: list[str], eot: int | set[int], strip: bool = True) -> Completion:
    """Cut one row of generated ids at its end-of-turn or stop string, and say why it ended
    (``strip=False`` keeps surrounding whitespace: a window that will be continued)."""
    def clean(text: str) -> str:
        return text.strip() if strip else text

    eots = {eot} if isinstance(eot, int) else set(eot)
    cut = next((i for i, t in enumerate(new_ids) if t in eots), None)
    tokens = new_ids if cut is None else new_ids[:cut]
    text = tokenizer.decode(tokens, skip_special_tokens=True)
    # The stop string ends the answer; generate pads the rest of the row, which decodes to nothing.
    ends = [text.index(s) + len(s) for s in stop if s in text]
    if ends:
        end = min(ends)
        used = len(tokenizer(text[:end], add_special_tokens=False)["input_ids"])
        return Completion(clean(text[:end]), "stop_string", min(used, len(tokens)))
    if cut is not None:
        return Completion(clean(text), "stop", cut + 1)
    return Completion(clean(text), "length", len(new_ids))


class PreallocatedLayer(DynamicLayer):
    """A KV-cache layer that writes into a buffer sized for the whole generation.

    transformers' DynamicLayer appends with ``torch.cat``, which copies the layer's whole cache at
    every decoding step: at batch 32 and 1,100 tokens that copy was 58% of a CPU step
    (benchmarks/generation.py). Here a step writes one position and attention reads a view.

    With ``offsets`` set (a length per row, for speculative decoding: rows keep different numbers
    of drafted tokens) each row is written at its own offset; the view then reaches the longest
    row, and the caller's mask hides what lies past each row's own end."""

    def __init__(self, capacity: int):
        super().__init__()
        self.capacity = capacity
        self.length = 0
        self.offsets: torch.Tensor | None = None

    def lazy_initialization(self, key_states: torch.Tensor, value_states: torch.Tensor) -> None:
        self.dtype, self.device = key_states.dtype, key_states.device
        def buffer(states: torch.Tensor) -> torch.Tensor:
            batch, heads, _, dim = states.shape
            # Zeros, not uninitialised memory: a masked position still meets a zero weight in attention, and
            # 0 x NaN would be NaN (rows of different lengths leave unwritten positions inside the view).
            return states.new_zeros((batch, heads, self.capacity, dim))

        self._key_buffer, self._value_buffer = buffer(key_states), buffer(value_states)
        self.is_initialized = True

    def update(self, key_states: torch.Tensor, value_states: torch.Tensor, *args, **kwargs):
        if not self.is_initialized:
            self.lazy_initialization(key_states, value_states)
        width = key_states.shape[-2]
        if self.offsets is None:
            start = self.length
            end = start + width
        else:
            end = int(self.offsets.max()) + width
        if end > self.capacity:
            raise RuntimeError(f"KV cache full: {end} positions > capacity {self.capacity}")
        if self.offsets is None:
            self._key_buffer[:, :, start:end] = key_states
            self._value_buffer[:, :, start:end] = value_states
        else:
            rows = torch.arange(len(self.offsets), device=self.offsets.device)[:, None]
            positions = self.offsets[:, None] + torch.arange(width, device=self.offsets.device)
            self._key_buffer[rows, :, positions] = key_states.transpose(1, 2)
            self._value_buffer[rows, :, positions] = value_states.transpose(1, 2)
        self.length = end
        self._views()
        return self.keys, self.values

    def _views(self) -> None:
        self.keys = self._key_buffer[:, :, :self.length]
        self.values = self._value_buffer[:, :, :self.length]

    def get_seq_length(self) -> int:
        return self.length

    def get_max_length(self) -> int:
        return self.capacity

    def batch_select_indices(self, indices: torch.Tensor) -> None:
        if self.is_initialized:
            if len(indices) and bool((indices[1:] > indices[:-1]).all()):
                # Rows leaving a batch (the kept ones in order): move the kept rows' written positions
                # to the front in place and keep a view. Indexing the buffer instead copied every
                # kept row's whole capacity (~1,200 positions) at each exit, most of it not written yet.
                kept, length = len(indices), self.length
                self._key_buffer[:kept, :, :length] = self._key_buffer[indices, :, :length]
                self._value_buffer[:kept, :, :length] = self._value_buffer[indices, :, :length]
                self._key_buffer, self._value_buffer = self._key_buffer[:kept], self._value_buffer[:kept]
            else:
                self._key_buffer = self._key_buffer[indices]
                self._value_buffer = self._value_buffer[indices]
            if self.offsets is not None:
                self.offsets = self.offsets[indices]
            self._views()

    def reset(self) -> None:
        self.length = 0
        self.offsets = None
        super().reset()


def decode_linears(model) -> list[torch.nn.Parameter]:
    """The fp32 weights of the model's plain ``nn.Linear`` layers on a CPU, each once (a tied output
    layer shares the embedding's): what ``decode_layout`` re-lays. Quantized layers are left alone."""
    weights: dict[int, torch.nn.Parameter] = {}
    for module in model.modules():
        weight = getattr(module, "weight", None)
        if (type(module) is torch.nn.Linear and weight is not None and weight.dtype == torch.float32
                and weight.device.type == "cpu"):
            weights[id(weight)] = weight
    return list(weights.values())


def _lay_column_major(weights: list[torch.nn.Parameter]) -> None:
    with torch.no_grad():
        for weight in weights:
            weight.data = weight.data.t().contiguous().t()


def use_decode_layout(model) -> int:
    """Store every CPU fp32 linear weight column-major (the transpose contiguous; same values and
    shape). A decoding step multiplies a few rows by each weight, and MKL's fp32 GEMM with 4-32 rows
    runs 2-5x faster when ``linear`` gets its weight column-major (benchmarks/linear_layout.py);
    with 1 row or 64+ (a prefill, training) the two layouts cost about the same. Returns how many
    weights are column-major."""
    weights = decode_linears(model)
    _lay_column_major([w for w in weights if w.is_contiguous()])
    return len(weights)


@contextlib.contextmanager
def decode_layout(model):
    """``use_decode_layout`` for the duration of a generation, then back to row-major (the layout
    perplexity's long rows and training prefer): one copy of the weights each way."""
    weights = [w for w in decode_linears(model) if w.is_contiguous()]
    _lay_column_major(weights)
    try:
        yield model
    finally:
        with torch.no_grad():
            for weight in weights:
                weight.data = weight.data.contiguous()


def kv_cache(model, capacity: int):
    """Preallocated layers where every layer attends to the whole past (Llama, SmolLM, Mistral
    within its window); anything else (sliding or hybrid layers) gets transformers' own cache."""
    from transformers import DynamicCache
    from transformers.cache_utils import Cache

    text = model.config.get_text_config(decoder=True)
    types = set(getattr(text, "layer_types", None) or ["full_attention"])
    window = getattr(text, "sliding_window", None)
    if types == {"full_attention"} and (window is None or window >= capacity):
        return Cache(layers=[PreallocatedLayer(capacity) for _ in range(text.num_hidden_layers)])
    return DynamicCache(config=model.config)


def is_preallocated(cache) -> bool:
    """Whether ``cache`` is ``kv_cache``'s own (every layer a ``PreallocatedLayer``): what the grouped
    prefill, drafting and the server's shared prefix need to write rows where they choose."""
    layers = getattr(cache, "layers", None)
    return bool(layers) and all(isinstance(layer, PreallocatedLayer) for layer in layers)


def warpers(config: GenerateConfig, tokenizer) -> list:
    """The logits processors of one decoding, in transformers' order: penalties on the raw logits
    (repetition, n-gram ban, DRY), then temperature, top_p and min_p when sampling."""
    from transformers import (LogitsProcessorList, MinPLogitsWarper, NoRepeatNGramLogitsProcessor,
                              RepetitionPenaltyLogitsProcessor, TemperatureLogitsWarper, TopPLogitsWarper)

    chain = LogitsProcessorList()
    if config.repetition_penalty != 1.0:
        chain.append(RepetitionPenaltyLogitsProcessor(config.repetition_penalty))
    if config.no_repeat_ngram_size:
        chain.append(NoRepeatNGramLogitsProcessor(config.no_repeat_ngram_size))
    chain += logits_processors(config, tokenizer)
    if config.do_sample:
        if config.temperature != 1.0:
            chain.append(TemperatureLogitsWarper(config.temperature))
        if config.top_p < 1.0:
            chain.append(TopPLogitsWarper(config.top_p))
        if config.min_p:
            chain.append(MinPLogitsWarper(config.min_p))
    return chain


def sample(scores: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """One token per row from softmax(scores), exactly as ``torch.multinomial`` over the whole
    vocabulary would, but drawn among the candidates top_p / min_p left (a handful): multinomial
    draws one exponential per vocabulary entry, 37 ms a step at batch 32 on this CPU."""
    candidates = int(torch.isfinite(scores).sum(-1).max())
    if candidates < scores.shape[-1] // 2:
        values, indices = scores.topk(candidates, dim=-1)
        choice = torch.multinomial(values.softmax(-1), 1, generator=generator)
        return indices.gather(-1, choice).squeeze(-1)
    return torch.multinomial(scores.softmax(-1), 1, generator=generator).squeeze(-1)


def row_seed(seed: int, index: int) -> int:
    """The seed of prompt ``index``'s own generator: each prompt draws from its own stream, so its
    answer does not depend on which prompts share its batch, nor on how many tokens a pass keeps."""
    return int(np.random.SeedSequence([seed, index]).generate_state(1)[0])


def hit_stop_string(tokenizer, new_ids: list[int], stop) -> bool:
    """Did the last token complete one of the stop strings? (Any earlier one would have ended the row.)
    Only the tail is decoded: a check per token and row, in decode_batch and the server."""
    tail = tokenizer.decode(new_ids[-(max(map(len, stop)) + 4):], skip_special_tokens=True,
                            clean_up_tokenization_spaces=False)
    return any(s in tail for s in stop)


@torch.no_grad()
def decode_batch(model, tokenizer, prompts: list[list[int]], config: GenerateConfig, penalties,
                 generators: list[torch.Generator], drafts: int = 0, progress_every: int = 128) -> list[list[int]]:
    """New token ids for a batch of prompts: the prefill (``prefill``), then passes of one token per
    row, or, with ``drafts`` > 0, a token plus up to that many drafted ones (``speculation``).

    Each row chooses its tokens position by position: its penalties on its own history
    (``penalties``: the processors of ``warpers`` without sampling), then greedy or
    temperature / top_p / min_p and a draw from its own ``generators`` entry (``htmlgen.sampling``,
    the server's token choice). A drafted token is kept only if it is the token chosen there, so
    drafting changes how many passes an answer takes, not the answer (tested).

    A row leaves the batch the moment it ends (end-of-turn, a stop string or the budget), so later
    passes only pay for the rows still writing: transformers' ``generate`` carries finished rows to
    the end of the longest answer. Each returned list ends with the token that stopped it, if one did."""
    from htmlgen import speculation
    from htmlgen.sampling import Candidates, penalise, warp

    dev = next(model.parameters()).device
    eot = end_of_turn_id(tokenizer)
    mask = left_padded(prompts, tokenizer, dev)["attention_mask"]
    width = mask.shape[1]
    cache = kv_cache(model, width + config.max_new_tokens + drafts)
    drafting = drafts > 0 and speculation.can_draft(model, cache)
    logits = prefill(model, tokenizer, prompts, cache)  # (rows, positions, vocabulary)
    pad = width - mask.sum(-1)  # each row's left padding
    filled = torch.full((len(prompts),), width, device=dev)  # each row's cached positions (prompt + answer so far)
    rows = list(range(len(prompts)))  # which prompt each batch row is
    histories = [list(p) for p in prompts]
    new_ids: list[list[int]] = [[] for _ in prompts]
    fed: list[list[int]] = [[] for _ in prompts]  # the drafts of the pass that gave ``logits``, by batch row
    passes, row_passes, started = 0, 0, time.perf_counter()
    with speculation.drafting_attention(model) if drafting else contextlib.nullcontext():
        while True:
            # Every (row, position) the pass scored: position t follows the row's history plus its first t drafts.
            spots = [(i, t) for i in range(len(rows)) for t in range(len(fed[i]) + 1)]
            scores = logits[[i for i, _ in spots], [t for _, t in spots]]
            scores = penalise(scores, [histories[rows[i]] + fed[i][:t] for i, t in spots], penalties)
            if config.do_sample:
                scores = warp(scores, [config.temperature] * len(spots), [config.top_p] * len(spots), config.min_p)
            # Prepared for every spot at once; a spot is drawn only when the row gets that far.
            choices = Candidates(scores) if config.do_sample else scores.argmax(-1).tolist()
            keep, last_tokens, kept_drafts, spot = [], [], [], 0
            for i, row in enumerate(rows):
                ended = False
                for t in range(len(fed[i]) + 1):
                    token = (choices.draw(spot + t, generators[row]) if config.do_sample
                             else choices[spot + t])
                    new_ids[row].append(token)
                    histories[row].append(token)
                    ended = (token == eot or len(new_ids[row]) == config.max_new_tokens
                             or bool(config.stop and hit_stop_string(tokenizer, new_ids[row], config.stop)))
                    if ended or t == len(fed[i]) or token != fed[i][t]:
                        break
                spot += len(fed[i]) + 1
                if not ended:
                    keep.append(i)
                    last_tokens.append(token)
                    kept_drafts.append(t)
            passes, row_passes = passes + 1, row_passes + len(rows)
            if not keep:
                break
            if len(keep) < len(rows):
                index = torch.tensor(keep, device=dev)
                cache.batch_select_indices(index)
                pad, filled, mask = pad[index], filled[index], mask[index]
            if passes > 1:  # the pass cached its inputs; a row keeps its last token and the drafts it took
                filled = filled + torch.tensor(kept_drafts, device=dev) + 1
            rows = [rows[i] for i in keep]
            room = speculation.drafts_per_row(drafts, len(rows)) if drafting else 0
            fed = [speculation.draft(histories[row], room) if room else [] for row in rows]
            span = 1 + max(map(len, fed))
            inputs = torch.tensor([[token] + d + [token] * (span - 1 - len(d))
                                   for token, d in zip(last_tokens, fed, strict=True)], device=dev)
            if drafting:  # rows at their own lengths: each writes at its offset, a 4D mask says what it sees
                for layer in cache.layers:
                    layer.offsets = filled
                mask = speculation.ragged_mask(pad, filled, span, int(filled.max()) + span)
            else:  # rows in step: one new position each, the 2D padding mask
                mask = torch.cat([mask, mask.new_ones((len(rows), 1))], dim=-1)
            positions = (filled - pad)[:, None] + torch.arange(span, device=dev)
            logits = model(input_ids=inputs, attention_mask=mask, position_ids=positions, past_key_values=cache,
                           use_cache=True).logits.float()
            if passes % progress_every == 0:
                written = sum(len(n) for n in new_ids)
                log.info("    pass %d: %d of %d rows still writing, %.0f tokens/s, %.2f tokens per row and pass",
                         passes, len(rows), len(prompts), written / (time.perf_counter() - started),
                         written / row_passes)
    return new_ids


# What one more prefill pass costs, in padded positions (its fixed cost: 30 layers of Python and
# kernel launches, ~30 ms on a 2-core CPU, against ~2.5 ms per position of a long pass).
PREFILL_PASS_POSITIONS = 16


def prefill_groups(lengths: list[int], pass_positions: int = PREFILL_PASS_POSITIONS) -> list[list[int]]:
    """The prompts (indices into ``lengths``) in groups of similar length, each prefilled in one
    pass left-padded to its longest: the grouping with the fewest padded positions, counting
    ``pass_positions`` for each pass (exact, over the prompts sorted by length)."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    best, cut = [0] + [None] * len(order), [0] * (len(order) + 1)
    for end in range(1, len(order) + 1):
        for start in range(end):
            cost = best[start] + pass_positions + (end - start) * lengths[order[end - 1]]
            if best[end] is None or cost < best[end]:
                best[end], cut[end] = cost, start
    groups, end = [], len(order)
    while end:
        groups.append(order[cut[end]:end])
        end = cut[end]
    return groups[::-1]


def prefill(model, tokenizer, prompts: list[list[int]], cache) -> torch.Tensor:
    """Run the prompts into ``cache`` (left-padded to the longest, as one batch) and return the
    logits of each prompt's last token, (rows, 1, vocabulary) in fp32.

    One left-padded pass computes every padding position too: the 32 test prompts are 59 to 162
    tokens, 2,718 tokens padded to 5,184. With our preallocated cache the prompts go in groups of
    similar length instead (``prefill_groups``: 2,787 positions in 9 passes there), each group's
    keys and values copied into the batch's cache where its single pass would have put them (a
    row's left padding is masked, whatever it holds)."""
    dev = next(model.parameters()).device

    def run(batch: list[list[int]], into) -> tuple[int, torch.Tensor]:
        """One left-padded pass of ``batch`` into the cache ``into``: its width and last logits."""
        inputs = left_padded(batch, tokenizer, dev)
        mask = inputs["attention_mask"]
        out = model(input_ids=inputs["input_ids"], attention_mask=mask, position_ids=(mask.cumsum(-1) - 1).clamp(min=0),
                    past_key_values=into, use_cache=True, logits_to_keep=1)
        return mask.shape[1], out.logits[:, -1:].float()

    groups = prefill_groups([len(p) for p in prompts], PREFILL_PASS_POSITIONS) if is_preallocated(cache) else []
    if len(groups) < 2:  # one pass: the batch as it comes
        return run(prompts, cache)[1]
    width = max(map(len, prompts))
    logits = None
    for group in groups:
        part = kv_cache(model, max(len(prompts[i]) for i in group))
        group_width, out = run([prompts[i] for i in group], part)
        if logits is None:
            logits = out.new_empty((len(prompts), *out.shape[1:]))
        index = torch.tensor(group, device=dev)
        logits[index] = out
        for layer, own in zip(cache.layers, part.layers, strict=True):
            if not layer.is_initialized:
                shape = (len(prompts), -1, -1, -1)
                layer.lazy_initialization(own.keys[:1].expand(shape), own.values[:1].expand(shape))
            layer._key_buffer[index, :, width - group_width:width] = own.keys
            layer._value_buffer[index, :, width - group_width:width] = own.values
    for layer in cache.layers:
        layer.length = width
        layer._views()
    return logits


def left_padded(batch: list[list[int]], tokenizer, dev=None) -> dict[str, torch.Tensor]:
    """Prompts of a batch left-padded to the longest (generation appends on the right), with their mask."""
    padding_side = tokenizer.padding_side
    tokenizer.padding_side = "left"
    try:
        padded = tokenizer.pad({"input_ids": batch}, return_tensors="pt")
    finally:
        tokenizer.padding_side = padding_side
    return {k: v.to(dev) for k, v in padded.items()} if dev is not None else dict(padded)


def generate_answers(model, tokenizer, prompt_ids: list[list[int]], config: GenerateConfig,
                     batch_size: int, strip: bool = True, drafts: int = 0) -> list[Completion]:
    """Completions for already-encoded prompts, ``batch_size`` at a time (left-padded), with up to
    ``drafts`` drafted tokens per row and pass (``decode_batch``; 0 = one token per pass).

    Prompts are batched in order of length (less padding), answers come back in input order.
    Greedy answers do not depend on the batch and equal transformers' ``generate`` (tested, fp32 on
    a CPU; on a GPU, bf16 kernels chosen by batch shape can move a near-tie); sampled answers draw
    from one generator per prompt, seeded by ``config.seed`` and the prompt's index
    (``row_seed``), so they do not depend on the batch either."""
    eot = end_of_turn_id(tokenizer)
    penalties = warpers(dataclasses.replace(config, do_sample=False), tokenizer)
    # On the model's device: torch.multinomial draws with a generator of the device it samples on.
    dev = next(model.parameters()).device
    generators = [torch.Generator(device=dev).manual_seed(row_seed(config.seed, i)) for i in range(len(prompt_ids))]
    order = sorted(range(len(prompt_ids)), key=lambda i: len(prompt_ids[i]))
    answers: dict[int, Completion] = {}
    started, new_tokens = time.perf_counter(), 0
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        with decode_layout(model):
            batch_ids = decode_batch(model, tokenizer, [prompt_ids[i] for i in rows], config, penalties,
                                     [generators[i] for i in rows], drafts)
        for i, new_ids in zip(rows, batch_ids, strict=True):
            answers[i] = finish(tokenizer, new_ids, config.stop, eot, strip)
            new_tokens += answers[i].new_tokens
        log.info("  %d/%d prompts done, %.0f answer tokens/s", len(answers), len(prompt_ids),
                 new_tokens / (time.perf_counter() - started))
    return [answers[i] for i in range(len(prompt_ids))]


def generate_pages(model, tokenizer, requests: list[str], system: str, config: GenerateConfig, batch_size: int,
                   context_tokens: int, drafts: int = 0) -> list[Completion]:
    """Whole pages for user requests: each request is prompted as in training, and a page that uses
    up ``max_new_tokens`` is continued up to ``config.max_continuations`` times, each window
    prompted like a training chunk (``prompting.continuation_prompt``: part k of n, where n is the
    page limit 1 + max_continuations, the open elements and the last ``context_tokens`` of context).
    A window is cut back to its last element boundary before the next one continues it, as
    training chunks start at one. With max_continuations 0 this is ``generate_answers`` exactly.

    evaluate_base / evaluate call it; so can the server (one request or a batch). ``drafts``: as
    ``generate_answers``."""
    from htmlgen.prompting import continuation_prompt, encode_prompt

    first_ids = [encode_prompt(tokenizer, request, system) for request in requests]
    if config.max_continuations == 0:
        return generate_answers(model, tokenizer, first_ids, config, batch_size, drafts=drafts)
    parts = 1 + config.max_continuations
    windows = generate_answers(model, tokenizer, first_ids, config, batch_size, strip=False, drafts=drafts)
    texts = [w.text for w in windows]
    window_starts = [0] * len(requests)
    reasons = [w.finish_reason for w in windows]
    new_tokens = [w.new_tokens for w in windows]
    used = [1] * len(requests)
    for part in range(2, parts + 1):
        going = [i for i, reason in enumerate(reasons) if reason == "length"]
        if not going:
            break
        prompts = []
        for i in going:
            ids, kept = continuation_prompt(tokenizer, requests[i], system, texts[i], part, parts, context_tokens,
                                            window_starts[i])
            prompts.append(ids)
            texts[i], window_starts[i] = kept, len(kept)
        log.info("  part %d of at most %d: continuing %d pages that hit max_new_tokens", part, parts, len(going))
        # A seed per part: the same run gives the same pages, and no two windows draw alike.
        windows = generate_answers(model, tokenizer, prompts, dataclasses.replace(config, seed=config.seed + part - 1),
                                   batch_size, strip=False, drafts=drafts)
        for i, window in zip(going, windows, strict=True):
            texts[i] += window.text
            reasons[i], used[i] = window.finish_reason, part
            new_tokens[i] += window.new_tokens
    return [Completion(text.strip(), reason, tokens, n) for text, reason, tokens, n
            in zip(texts, reasons, new_tokens, used, strict=True)]
