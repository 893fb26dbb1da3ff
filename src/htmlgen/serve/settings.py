"""Serving settings: where the model comes from and what one request may ask for.

Each field carries its help text once; ``htmlgen serve`` turns these fields into its flags."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from htmlgen.config import ConfigError, build


def _opt(default: Any, help: str = ""):
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Limits:
    """What a request may ask for, and how much waiting the server accepts."""

    max_new_tokens: int = _opt(1024, "most tokens one request may ask to generate")
    default_max_new_tokens: int | None = _opt(
        None, "tokens generated when a request does not say; default: the adapter's generate.max_new_tokens "
              "(what evaluate measured), capped at max_new_tokens")
    max_prompt_tokens: int = _opt(1024, "longest prompt in tokens, counted after the chat template and system prompt")
    max_body_bytes: int = _opt(64 * 1024, "largest request body in bytes; bigger ones get 413")
    max_temperature: float = _opt(2.0, "highest sampling temperature a request may ask for (0 = greedy)")
    max_batch: int = _opt(16, "requests decoded together in one batch (they join and leave it between steps)")
    queue_size: int = _opt(4, "requests that may wait while max_batch generate; beyond that, 503 at once")
    timeout: float = _opt(120.0, "seconds per request, queue wait included; generation stops there")

    def validate(self) -> None:
        for name in ("max_new_tokens", "default_max_new_tokens", "max_prompt_tokens", "max_body_bytes",
                     "max_batch", "queue_size"):
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

    adapter: str = _opt("models/adapter", "adapter folder written by the export stage (holds htmlgen.json)")
    base: str | None = _opt(None, "base model folder; default: the one recorded in the adapter's htmlgen.json")
    merged: bool = _opt(False, "load the merged weights recorded at export instead of base + adapter")
    limits: Limits = field(default_factory=Limits, metadata={"help": "request limits"})

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
