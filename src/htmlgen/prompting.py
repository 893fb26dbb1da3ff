"""Prompt formatting shared by tokenize, evaluate and serve (one function, so they never drift).

A training example is ``chat_template(system, user) + html + end_of_turn``; the labels mask
everything before the HTML with -100, so the loss falls on the HTML and the end-of-turn
token only (the model must learn to stop, see PITFALLS #2).

A page too long for one example (``tokenize.long_examples: chunk``) becomes several: the first
is prompted like any page; part k > 1 is prompted with the request, "part k of n", the elements
still open and the tail of the page so far (masked), and its labels are the next chunk only. Only
the last part ends with end-of-turn. Generation continues a page that ran out of tokens with the
very same prompt (``continuation_prompt_ids``), so the model is used the way it was trained.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

from htmlgen.chunking import Cut, cut_points, open_elements_at_end

IGNORE_INDEX = -100

# For base models without a chat template (Llama-2-7b, Falcon-7b): ChatML, like SmolLM2's.
FALLBACK_CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


def ensure_chat_template(tokenizer) -> bool:
    """Give a tokenizer without a chat template the fallback one; True if it was missing."""
    if getattr(tokenizer, "chat_template", None):
        return False
    tokenizer.chat_template = FALLBACK_CHAT_TEMPLATE
    return True


def ensure_pad_token(tokenizer) -> None:
    """Batching needs a pad id. Reusing end-of-turn is safe here: labels are padded by
    position (DataCollatorForSeq2Seq), never by comparing ids, so the real end-of-turn stays
    in the labels."""
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token


def build_messages(prompt: str, system: str) -> list[dict[str, str]]:
    messages = [{"role": "user", "content": prompt}]
    if system:
        messages.insert(0, {"role": "system", "content": system})
    return messages


def format_prompt(tokenizer, prompt: str, system: str) -> str:
    """The text the model sees before it answers, generation prompt included."""
    messages = build_messages(prompt, system)
    try:
        return tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
    except Exception as err:  # jinja2 TemplateError: e.g. Mistral's template rejects a system role
        if not system or "system" not in str(err).lower() and "role" not in str(err).lower():
            raise
        merged = [{"role": "user", "content": f"{system}\n\n{prompt}"}]
        return tokenizer.apply_chat_template(merged, add_generation_prompt=True, tokenize=False)


def encode_prompt(tokenizer, prompt: str, system: str) -> list[int]:
    # The template already holds any BOS / special tokens as text: don't add them twice.
    return tokenizer(format_prompt(tokenizer, prompt, system), add_special_tokens=False)["input_ids"]


def end_of_turn_id(tokenizer) -> int:
    if tokenizer.eos_token_id is None:
        raise ValueError("the tokenizer has no eos token: the model could never learn to stop")
    return tokenizer.eos_token_id


@dataclass
class TokenizedExample:
    input_ids: list[int]
    labels: list[int]
    prompt_tokens: int
    answer_tokens: int  # HTML tokens + end-of-turn, before any truncation
    status: Literal["ok", "truncated", "too_long", "prompt_too_long", "unsplittable"]
    part: int = 1  # chunk k of parts (chunk strategy); a whole page is part 1 of 1
    parts: int = 1

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.answer_tokens

    @property
    def trainable_tokens(self) -> int:
        return sum(label != IGNORE_INDEX for label in self.labels)


def build_example(
    tokenizer,
    prompt: str,
    html: str,
    system: str,
    max_seq_len: int,
    long_examples: Literal["drop", "truncate", "chunk"],
    min_answer_tokens: int = 1,
) -> TokenizedExample:
    """input_ids and answer-only labels for one pair, with the long-example strategy applied.

    status: ``ok``; ``truncated`` (HTML cut to fit, no end-of-turn: a cut page must not teach
    the model to stop there); ``too_long`` (over the limit under ``drop``); ``prompt_too_long``
    (not even ``min_answer_tokens`` of HTML would fit). Callers keep only ok / truncated.
    """
    prompt_ids = encode_prompt(tokenizer, prompt, system)
    answer_ids = tokenizer(html, add_special_tokens=False)["input_ids"] + [end_of_turn_id(tokenizer)]
    n_prompt, n_answer = len(prompt_ids), len(answer_ids)
    status = "ok"
    if n_prompt + n_answer > max_seq_len:
        room = max_seq_len - n_prompt
        if room < min_answer_tokens:
            status = "prompt_too_long"
        elif long_examples == "drop":
            status = "too_long"
        else:
            status = "truncated"
            answer_ids = answer_ids[:room]  # room < n_answer, so the end-of-turn is always cut off
    input_ids = prompt_ids + answer_ids
    labels = [IGNORE_INDEX] * n_prompt + answer_ids
    if status in ("too_long", "prompt_too_long"):
        input_ids, labels = [], []
    return TokenizedExample(input_ids, labels, n_prompt, n_answer, status)


# --------------------------------------------------------------------------- long pages in chunks

# Upper bound on characters per token when looking for a cut: a window this wide always holds
# more text than the token budget, so no fitting cut is missed.
MAX_CHARS_PER_TOKEN = 32


def continuation_request(prompt: str, part: int, parts: int, open_elements: tuple[str, ...]) -> str:
    """The user message of part k > 1: the request, where we are, and what is still open."""
    where = " > ".join(open_elements) if open_elements else "(top level)"
    return (f"{prompt}\n\n[Part {part} of {parts} of a long page. Open elements: {where}. "
            "Continue the HTML exactly where it stops.]")


def _open_elements_within(tokenizer, open_elements: tuple[str, ...], budget: int) -> tuple[str, ...]:
    """The innermost open elements whose labels fit ``budget`` tokens (deep pages keep the inner ones)."""
    kept: list[str] = []
    for label in reversed(open_elements):
        if len(tokenizer(" > ".join([label, *kept]), add_special_tokens=False)["input_ids"]) > budget:
            break
        kept.insert(0, label)
    return tuple(kept)


def continuation_prompt_ids(tokenizer, prompt: str, system: str, before: str, open_elements: tuple[str, ...],
                            part: int, parts: int, context_tokens: int) -> tuple[list[int], int]:
    """(input ids, context tokens) that prompt part ``part`` of a page whose text so far is ``before``.

    The context (open elements in the request, the tail of ``before`` as the start of the
    assistant turn) takes at most ``context_tokens``: half at most for the open elements, the rest
    for the tail. The same function builds training chunks and continues generation."""
    stack = _open_elements_within(tokenizer, open_elements, context_tokens // 2)
    request = continuation_request(prompt, part, parts, stack)
    head = encode_prompt(tokenizer, request, system)
    stack_tokens = len(tokenizer(" > ".join(stack), add_special_tokens=False)["input_ids"]) if stack else 0
    room = max(context_tokens - stack_tokens, 0)
    window = before[-room * MAX_CHARS_PER_TOKEN:] if room else ""
    tail_ids = tokenizer(window, add_special_tokens=False)["input_ids"][-room:] if room else []
    # A cut inside a multi-byte character decodes to U+FFFD: start the tail after it.
    tail = tokenizer.decode(tail_ids).lstrip("\ufffd") if tail_ids else ""
    tail_ids = tokenizer(tail, add_special_tokens=False)["input_ids"] if tail else []
    return head + tail_ids, stack_tokens + len(tail_ids)


# A chunk tokenized alone may take a few more tokens than its share of the whole page's tokens.
EDGE_TOKENS = 2


def _cut_before(cuts: list[Cut], offsets: list[int], start: int, end_limit: int, fits) -> int | None:
    """The furthest cut in (start, end_limit] whose chunk ``fits``, by bisection (token counts
    grow with the end offset); None when not even the first cut after ``start`` fits."""
    lo = bisect.bisect_right(offsets, start)
    hi = bisect.bisect_right(offsets, end_limit) - 1
    best = None
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(cuts[mid].offset):
            best, lo = cuts[mid].offset, mid + 1
        else:
            hi = mid - 1
    return best


def plan_chunks(tokenizer, prompt: str, html: str, system: str, max_seq_len: int, context_tokens: int,
                parts_guess: int, cuts: list[Cut] | None = None,
                min_answer_tokens: int = 1) -> list[tuple[int, int, list[int]]] | str:
    """[(start, end, prompt ids)] covering ``html``, each fitting ``max_seq_len`` with its
    end-of-turn slot, or the reason it cannot be split ("unsplittable": a piece between two cuts,
    e.g. a huge inline data: URI, is longer than one chunk; "prompt_too_long").

    The page is tokenized once: where its tokens end gives each candidate chunk's length (a chunk
    tokenized alone can differ by a token or two at its edges, so the chosen chunk is then
    tokenized exactly and moved back a cut if it does not fit). Tokenizing every candidate instead
    was quadratic on real pages, whose minified CSS and inline data are one huge BPE word."""
    cuts = cut_points(html) if cuts is None else cuts
    offsets = [c.offset for c in cuts]
    n_chars, start, part, plan = len(html), 0, 1, []
    token_ends = [end for _, end in tokenizer(html, add_special_tokens=False,
                                              return_offsets_mapping=True)["offset_mapping"]]

    def estimate(begin: int, end: int) -> int:  # tokens of the whole page's tokenization ending in (begin, end]
        return bisect.bisect_right(token_ends, end) - bisect.bisect_right(token_ends, begin)

    def count(begin: int, end: int) -> int:
        return len(tokenizer(html[begin:end], add_special_tokens=False)["input_ids"])

    while True:
        if part == 1:
            head = encode_prompt(tokenizer, prompt, system)
        else:
            at = bisect.bisect_left(offsets, start)
            head, _ = continuation_prompt_ids(tokenizer, prompt, system, html[:start], cuts[at].open_elements,
                                              part, parts_guess, context_tokens)
        room = max_seq_len - len(head) - 1  # every part keeps a slot for end-of-turn
        if room < 1:
            return "prompt_too_long"
        if estimate(start, n_chars) <= room + EDGE_TOKENS and count(start, n_chars) <= room:
            plan.append((start, n_chars, head))
            return plan
        end = _cut_before(cuts, offsets, start, n_chars, lambda e, s=start, r=room: estimate(s, e) + EDGE_TOKENS <= r)
        if end is None:  # not even the first cut fits by the estimate: measure it exactly
            first = bisect.bisect_right(offsets, start)
            end = offsets[first] if first < len(offsets) else None
        while end is not None and count(start, end) > room:  # the estimate was short: one cut back
            earlier = bisect.bisect_left(offsets, end) - 1
            end = offsets[earlier] if earlier >= 0 and offsets[earlier] > start else None
        if end is None:
            return "unsplittable"
        # The last part must keep min_answer_tokens (its label is not just "</html>"): cut earlier.
        while (estimate(end, n_chars) < min_answer_tokens + EDGE_TOKENS and count(end, n_chars) + 1 < min_answer_tokens
               and bisect.bisect_left(offsets, end) > 0 and offsets[bisect.bisect_left(offsets, end) - 1] > start):
            end = offsets[bisect.bisect_left(offsets, end) - 1]
        plan.append((start, end, head))
        start, part = end, part + 1


def build_chunk_examples(tokenizer, prompt: str, html: str, system: str, max_seq_len: int, context_tokens: int,
                         min_answer_tokens: int = 1) -> list[TokenizedExample]:
    """One example per chunk of a page over ``max_seq_len``: a page that fits is one ordinary
    example (exactly what ``build_example`` gives). Labels: the chunk's own tokens, plus end-of-turn
    on the last part only; the prompt and the context before it are masked."""
    whole = build_example(tokenizer, prompt, html, system, max_seq_len, "drop", min_answer_tokens)
    if whole.status != "too_long":
        return [whole]
    eot = end_of_turn_id(tokenizer)
    cuts = cut_points(html)
    parts_guess, plan = 2, None
    for _ in range(4):  # "part k of n" is in the prompt: re-plan until n agrees with the plan
        plan = plan_chunks(tokenizer, prompt, html, system, max_seq_len, context_tokens, parts_guess, cuts,
                           min_answer_tokens)
        if isinstance(plan, str) or len(plan) == parts_guess:
            break
        parts_guess = len(plan)
    if isinstance(plan, str) or len(plan) != parts_guess:
        status = plan if isinstance(plan, str) else "unsplittable"
        return [TokenizedExample([], [], whole.prompt_tokens, whole.answer_tokens, status)]
    examples = []
    for part, (start, end, head) in enumerate(plan, start=1):
        label_ids = tokenizer(html[start:end], add_special_tokens=False)["input_ids"]
        if part == len(plan):
            label_ids = label_ids + [eot]
        examples.append(TokenizedExample(head + label_ids, [IGNORE_INDEX] * len(head) + label_ids, len(head),
                                         len(label_ids), "ok", part, len(plan)))
    return examples


def continuation_prompt(tokenizer, prompt: str, system: str, text: str, part: int, parts: int,
                        context_tokens: int, window_start: int = 0) -> tuple[list[int], str]:
    """(prompt ids of part ``part``, the text kept) for a page whose generation stopped at the token
    limit with ``text`` so far. Training chunks start at a cut, so the text is cut back to its last
    cut after ``window_start`` (the unfinished tag or rule is written again by the next part); with
    no cut there, all of it is kept."""
    cuts = [c for c in cut_points(text) if c.offset > window_start]
    keep = cuts[-1].offset if cuts else len(text)
    open_elements = cuts[-1].open_elements if cuts else open_elements_at_end(text)
    kept = text[:keep]
    ids, _ = continuation_prompt_ids(tokenizer, prompt, system, kept, open_elements, part, parts, context_tokens)
    return ids, kept
