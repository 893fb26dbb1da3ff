"""Serving settings: where the model comes from and what one request may ask for.

Each field carries its help text once; ``htmlgen serve`` turns these fields into its flags."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from htmlgen.config import ConfigError, build, doc


@dataclass(frozen=True)
class Limits:
    """What a request may ask for, and how much waiting the server accepts."""

    max_new_tokens: int = doc("most tokens one request may ask to generate", 1024)
    default_max_new_tokens: int | None = doc(
        "tokens generated when a request does not say; default: the adapter's generate.max_new_tokens "
        "(what evaluate measured), capped at max_new_tokens", None)
    max_prompt_tokens: int = doc(
        "longest prompt in tokens, counted after the chat template and system prompt", 1024)
    max_body_bytes: int = doc("largest request body in bytes; bigger ones get 413", 64 * 1024)
    max_temperature: float = doc("highest sampling temperature a request may ask for (0 = greedy)", 2.0)
    max_batch: int = doc("requests decoded together in one batch (they join and leave it between steps)", 16)
    queue_size: int = doc("requests that may wait while max_batch generate; beyond that, 503 at once", 4)
    timeout: float = doc("seconds per request, queue wait included; generation stops there", 120.0)
    max_prefill_tokens: int = doc(
        "prompt tokens (padding included) prefilled together in one forward pass between decoding steps; "
        "more: a burst of requests gets its first tokens sooner; less: running streams pause less", 256)

    def validate(self) -> None:
        for name in ("max_new_tokens", "default_max_new_tokens", "max_prompt_tokens", "max_body_bytes",
                     "max_batch", "queue_size", "max_prefill_tokens"):
            if getattr(self, name) is not None and getattr(self, name) < 1:
                raise ConfigError(f"serve.{name}: must be >= 1, got {getattr(self, name)}")
        if self.default_max_new_tokens is not None and self.default_max_new_tokens > self.max_new_tokens:
            raise ConfigError(f"serve.default_max_new_tokens ({self.default_max_new_tokens}) is over "
                              f"serve.max_new_tokens ({self.max_new_tokens})")
        if self.max_temperature < 0 or self.timeout <= 0:
            raise ConfigError("serve: max_temperature must be >= 0 and timeout > 0")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class ServeConfig:
    """Which model the server loads, and its limits."""

    adapter: str = doc("adapter folder written by the export stage (holds htmlgen.json)", "models/adapter")
    base: str | None = doc("base model folder; default: the one recorded in the adapter's htmlgen.json",
                                 None)
    merged: bool = doc("load the merged weights recorded at export instead of base + adapter", False)
    merge_adapter: bool = doc(
        "fold the adapter into the base weights at load (full-precision base only): the same answers, "
        "faster decoding steps; off serves the peft layers as they are", True)
    column_major_weights: bool = doc(
        "re-lay the linear weights column-major at load (CPU, fp32): decoding steps of several "
        "requests run 1.1-1.7x faster (4-16 clients), a lone stream 0.85x as fast: off for one user at a time", True)
    limits: Limits = doc("request limits", factory=Limits)

    def validate(self) -> None:
        self.limits.validate()


def serve_config(values: ServeConfig | Mapping[str, Any] | None) -> ServeConfig:
    """A validated ServeConfig from a ServeConfig, a plain dict (nested ``limits``) or None."""
    if isinstance(values, ServeConfig):
        config = values
    else:
        config = build(ServeConfig, dict(values or {}), "serve")
    config.validate()
    return config


def field_help(cls: type, name: str) -> str:
    return next(f.metadata.get("help", "") for f in dataclasses.fields(cls) if f.name == name)
