"""Fixtures and helpers for the serve tests (loaded with ``pytest_plugins = ["conftest_serve"]``).

Two kinds of engine: the real one on the tiny random Llama + adapter (tests/conftest.py), and
the real one driving a ``ScriptedModel`` that "generates" a given text at a set pace, for what
needs a known output or a known duration (the queue's 503, deadlines, the preview's sandbox).
"""

from __future__ import annotations

import http.client
import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import torch

from htmlgen.artifacts import ExportMeta
from htmlgen.serve import create_app
from htmlgen.serve.engine import Engine, load_engine
from htmlgen.serve.settings import Limits, ServeConfig
from htmlgen.serve.wsgi import BackgroundServer

TINY_LIMITS = Limits(max_new_tokens=64, default_max_new_tokens=16, max_prompt_tokens=96, max_body_bytes=4096,
                     queue_size=8, timeout=30.0)


class ScriptedModel:
    """Stands in for a causal LM in the engine's decoding loop: every row "generates" ``text`` token
    by token, each decoding step (one forward pass for the whole batch) ``seconds_per_token`` long.

    It keeps no state of its own: where a row is in the script lives in the KV cache the engine
    hands it (one layer whose keys are 0 for prompt positions and 1 for generated ones), so rows
    that join, leave and are padded in the running batch are followed exactly as real ones."""

    def __init__(self, tokenizer, text: str, seconds_per_token: float = 0.0, fail_on: str | None = None,
                 fail_with: type[Exception] = RuntimeError, fail_at_step: int | None = None):
        self.answer_ids = tokenizer(text, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
        self.tokenizer, self.seconds_per_token, self.fail_on = tokenizer, seconds_per_token, fail_on
        self.fail_with, self.fail_at_step = fail_with, fail_at_step  # fail_on: at prefill; fail_at_step: decoding
        self.device = torch.device("cpu")
        self.config = SimpleNamespace(get_text_config=lambda decoder=True: SimpleNamespace(
            num_hidden_layers=1, layer_types=["full_attention"], sliding_window=None))
        self.calls = 0  # prompts prefilled: requests that reached the model
        self.steps: list[int] = []  # rows in each decoding step

    def __call__(self, input_ids, attention_mask=None, position_ids=None, past_key_values=None, use_cache=True,
                 logits_to_keep=0, **kwargs):
        batch, length = input_ids.shape
        prefill = length > 1 or past_key_values.get_seq_length() == 0  # a step feeds one token
        if prefill:
            texts = [self.tokenizer.decode(row) for row in input_ids]
            # A request's prompt ends by opening the assistant's turn; the engine's shared prefix does not.
            self.calls += sum(text.endswith("assistant\n") for text in texts)
            if self.fail_on and any(self.fail_on in text for text in texts):
                raise self.fail_with("scripted failure")
        else:  # a decoding step: the pace (a prefill is instant, so a first token comes at once)
            self.steps.append(batch)
            if self.fail_at_step and len(self.steps) >= self.fail_at_step:
                raise self.fail_with("scripted failure")
            time.sleep(self.seconds_per_token)
        generated = torch.full((batch, 1, length, 1), 0.0 if prefill else 1.0)
        keys, _ = past_key_values.layers[0].update(generated, generated.clone())
        written = keys.sum(dim=(1, 2, 3)).long()  # tokens this row has generated so far
        index = written.clamp(max=len(self.answer_ids) - 1)
        logits = torch.zeros((batch, 1, len(self.tokenizer)))
        logits[torch.arange(batch), 0, torch.tensor(self.answer_ids)[index]] = 50.0
        return SimpleNamespace(logits=logits)


# --------------------------------------------------------------------------- engines, apps, servers


@pytest.fixture(scope="session")
def tiny_engine(tiny_adapter_dir) -> Iterator[Engine]:
    """The real engine on the tiny adapter, loaded once for the whole session."""
    engine = load_engine(ServeConfig(adapter=str(tiny_adapter_dir), limits=TINY_LIMITS))
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def tiny_app(tiny_engine):
    return create_app(engine=tiny_engine)


@pytest.fixture
def client(tiny_app):
    return tiny_app.test_client()


@pytest.fixture(scope="session")
def tiny_server(tiny_app, tiny_engine) -> Iterator[BackgroundServer]:
    """The tiny app on waitress, 127.0.0.1, an ephemeral port; stopped at the end of the session."""
    with BackgroundServer(tiny_app, tiny_engine.limits) as server:
        yield server


@pytest.fixture
def scripted_engine(tiny_base_dir) -> Iterator:
    """Factory: ``scripted_engine(text, seconds_per_token=0, generate=None, **limits)`` -> an Engine
    whose model generates ``text`` (``generate``: the adapter's generate params); every engine made
    is closed after the test."""
    from htmlgen.modeling import load_tokenizer

    tokenizer = load_tokenizer(tiny_base_dir)
    engines = []

    def make(text: str, seconds_per_token: float = 0.0, fail_on: str | None = None,
             generate: dict | None = None, fail_with: type[Exception] = RuntimeError,
             fail_at_step: int | None = None, **limits) -> Engine:
        meta = ExportMeta(base_model="scripted", base_path=str(tiny_base_dir), system_prompt="You write HTML.",
                          max_seq_len=512, generate=generate or {"stop": ["</html>"]})
        model = ScriptedModel(tokenizer, text, seconds_per_token, fail_on, fail_with, fail_at_step)
        engine = Engine(model, tokenizer, meta, Limits(**{**TINY_LIMITS.to_dict(), **limits}),
                        info={"adapter": "scripted-adapter"})
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.close()


@pytest.fixture
def serve_engine() -> Iterator:
    """Factory: ``serve_engine(engine)`` -> a running BackgroundServer for it; stopped after the test."""
    servers = []

    def start(engine: Engine) -> BackgroundServer:
        server = BackgroundServer(create_app(engine=engine), engine.limits).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


# --------------------------------------------------------------------------- HTTP helpers


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    seconds: float

    def json(self):
        return json.loads(self.body)


def http_request(base_url: str, method: str, path: str, body: bytes | dict | None = None,
         headers: dict[str, str] | None = None, timeout: float = 30.0) -> HttpResponse:
    """One request over a fresh connection (dict bodies are sent as JSON)."""
    headers = dict(headers or {})
    if isinstance(body, dict):
        body = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    started = time.monotonic()
    connection = http.client.HTTPConnection(urlsplit(base_url).netloc, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return HttpResponse(response.status, {k.lower(): v for k, v in response.getheaders()}, data,
                            time.monotonic() - started)
    finally:
        connection.close()


def open_request(base_url: str, path: str, body: dict) -> socket.socket:
    """Send a POST on a raw socket and return the socket unread: the test closes it to hang up."""
    payload = json.dumps(body).encode()
    sock = socket.create_connection(urlsplit(base_url).netloc.split(":"), timeout=10)
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload)
    return sock


@dataclass
class Event:
    name: str
    data: dict
    at: float  # time.monotonic() when it arrived


def parse_sse(text: str) -> list[tuple[str, dict]]:
    """(event, data) pairs of a complete SSE body; comment lines (":...") are skipped."""
    events = []
    for block in text.split("\n\n"):
        name, data = "message", ""
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data += line[5:].lstrip()
        if data:
            events.append((name, json.loads(data)))
    return events


def stream_events(base_url: str, body: dict, path: str = "/api/generate/stream",
                  timeout: float = 30.0) -> Iterator[Event]:
    """SSE events of a streamed generation, each stamped with its arrival time, as they come."""
    connection = http.client.HTTPConnection(urlsplit(base_url).netloc, timeout=timeout)
    try:
        connection.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        assert response.status == 200, response.read()
        assert response.getheader("Content-Type").startswith("text/event-stream")
        name, data = "message", ""
        while line := response.readline():  # chunked decoding is done by http.client
            line = line.decode().rstrip("\n")
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data += line[5:].lstrip()
            elif not line and data:
                yield Event(name, json.loads(data), time.monotonic())
                name, data = "message", ""
    finally:
        connection.close()


def wait_until(condition, timeout: float = 5.0) -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` s (a bound, not a measurement)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.005)
