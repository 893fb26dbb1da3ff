"""Checking a /api/generate body: plain functions, so every bad case is testable without HTTP."""

from __future__ import annotations

import math
from typing import Any

from htmlgen.serve.engine import GenerationRequest, RequestDefaults
from htmlgen.serve.settings import Limits

MAX_SEED = 2**63 - 1
FIELDS = ("prompt", "max_new_tokens", "temperature", "top_p", "seed")


class InvalidRequest(ValueError):
    """A request body that breaks the contract; ``field`` names the culprit when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def parse_generate_request(body: Any, limits: Limits, defaults: RequestDefaults) -> GenerationRequest:
    """The GenerationRequest a decoded JSON body asks for, or InvalidRequest saying what is wrong.
    A field given as null means "use the default": the decoding evaluate measured (the adapter's
    `generate` params), so what is served by default is what was measured."""
    if not isinstance(body, dict):
        raise InvalidRequest(f"the body must be a JSON object, not {_json_type(body)}")
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise InvalidRequest(f"unknown field(s) {', '.join(map(repr, unknown))}; known: {', '.join(FIELDS)}",
                             unknown[0])
    max_new_tokens = _integer(body, "max_new_tokens", 1, limits.max_new_tokens, defaults.max_new_tokens)
    return GenerationRequest(
        prompt=_prompt(body),
        max_new_tokens=max_new_tokens,
        temperature=_number(body, "temperature", 0.0, limits.max_temperature, defaults.temperature),
        top_p=_top_p(body, defaults.top_p),
        seed=_integer(body, "seed", 0, MAX_SEED, None),
    )


def _prompt(body: dict) -> str:
    if body.get("prompt") is None:
        raise InvalidRequest("'prompt' is required", "prompt")
    prompt = body["prompt"]
    if not isinstance(prompt, str):
        raise InvalidRequest(f"'prompt' must be a string, not {_json_type(prompt)}", "prompt")
    if not prompt.strip():
        raise InvalidRequest("'prompt' is empty", "prompt")
    return prompt


def _integer(body: dict, name: str, low: int, high: int, default: int | None) -> int | None:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequest(f"'{name}' must be an integer, not {_json_type(value)}", name)
    if not low <= value <= high:
        raise InvalidRequest(f"'{name}' must be between {low} and {high}, got {value}", name)
    return value


def _number(body: dict, name: str, low: float, high: float, default: float) -> float:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidRequest(f"'{name}' must be a number, not {_json_type(value)}", name)
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidRequest(f"'{name}' must be between {low:g} and {high:g}, got {value}", name)
    return float(value)


def _top_p(body: dict, default: float) -> float:
    top_p = _number(body, "top_p", 0.0, 1.0, default)
    if top_p == 0:
        raise InvalidRequest("'top_p' must be above 0 (it keeps the smallest set of tokens with this much "
                             "probability)", "top_p")
    return top_p


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
