"""Prompt formatting shared by tokenize, evaluate and serve (one function, so they never drift).

A training example is ``chat_template(system, user) + html + end_of_turn``; the labels mask
everything before the HTML with -100, so the loss falls on the HTML and the end-of-turn
token only (the model must learn to stop, see PITFALLS #2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
    status: Literal["ok", "truncated", "too_long", "prompt_too_long"]

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
    long_examples: Literal["drop", "truncate"],
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
