"""The app on the real WSGI server (waitress, 127.0.0.1, an ephemeral port) and the CLI that runs it."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.register_assert_rewrite("conftest_serve")  # before the import below; pytest_plugins loads it too
from conftest_serve import http_request, open_request, stream_events, wait_until

pytest_plugins = ["conftest_serve"]

PROMPT = "A pricing table with three plans"
REPO = Path(__file__).resolve().parents[1]


def test_generate_over_http(tiny_server):
    response = http_request(tiny_server.url, "POST", "/api/generate", {"prompt": PROMPT, "max_new_tokens": 8, "seed": 1})
    assert response.status == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["server"] == "htmlgen"
    body = response.json()
    assert body["usage"]["completion_tokens"] <= 8 and body["usage"]["prompt_tokens"] > 0
    assert body["model"]["base_model"] == "tiny-test-llama"


def test_health_and_info_over_http(tiny_server):
    health = http_request(tiny_server.url, "GET", "/api/health")
    assert health.status == 200 and health.json()["model_loaded"] is True
    info = http_request(tiny_server.url, "GET", "/api/info").json()
    assert info["base_model"] == "tiny-test-llama" and info["limits"]["max_prompt_tokens"] == 96


BAD_OVER_THE_WIRE = [
    ("not JSON", b"{oops", {"Content-Type": "application/json"}, 400),
    ("wrong content type", b'{"prompt": "x"}', {"Content-Type": "text/plain"}, 415),
    ("empty prompt", b'{"prompt": ""}', {"Content-Type": "application/json"}, 400),
    ("temperature out of range", b'{"prompt": "x", "temperature": 9}', {"Content-Type": "application/json"}, 400),
    ("body over the limit", json.dumps({"prompt": "y" * 6000}).encode(), {"Content-Type": "application/json"}, 413),
]


@pytest.mark.parametrize("case, body, headers, status", BAD_OVER_THE_WIRE, ids=[c[0] for c in BAD_OVER_THE_WIRE])
def test_bad_input_over_http_is_a_json_4xx_and_the_server_keeps_serving(tiny_server, case, body, headers, status):
    for path in ("/api/generate", "/api/generate/stream"):
        response = http_request(tiny_server.url, "POST", path, body, headers)
        assert response.status == status
        assert response.headers["content-type"] == "application/json"
        assert response.json()["error"]["message"]
    still = http_request(tiny_server.url, "POST", "/api/generate", {"prompt": PROMPT, "max_new_tokens": 2})
    assert still.status == 200


def test_chunked_body_over_the_limit_is_413(tiny_server):
    """No Content-Length to check up front: the limit still holds while reading."""
    import http.client
    from urllib.parse import urlsplit

    connection = http.client.HTTPConnection(urlsplit(tiny_server.url).netloc, timeout=10)
    body = iter([b'{"prompt": "', b"z" * 3000, b"z" * 3000, b'"}'])
    connection.request("POST", "/api/generate", body=body, encode_chunked=True,
                       headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
    response = connection.getresponse()
    assert response.status == 413
    assert json.loads(response.read())["error"]["type"] == "body_too_large"
    connection.close()


def test_stream_concatenation_equals_the_plain_answer(tiny_server):
    request = {"prompt": PROMPT, "max_new_tokens": 48, "temperature": 1.0, "top_p": 0.95, "seed": 77}
    events = list(stream_events(tiny_server.url, request))
    plain = http_request(tiny_server.url, "POST", "/api/generate", request).json()
    tokens = [event.data["text"] for event in events if event.name == "token"]
    assert len(tokens) > 3
    assert "".join(tokens) == plain["html"]
    assert events[-1].name == "done"
    assert events[-1].data["usage"] == plain["usage"] and events[-1].data["seed"] == 77


def test_stream_events_arrive_while_generating(scripted_engine, serve_engine):
    engine = scripted_engine("<section>" + "<p>line</p>" * 15 + "</section>", seconds_per_token=0.03)
    server = serve_engine(engine)
    events, steps_seen = [], []
    for event in stream_events(server.url, {"prompt": "slow page", "max_new_tokens": 64}):
        events.append(event)
        steps_seen.append(len(engine.model.steps))  # decoding steps run when this event arrived
    first, done = events[0], events[-1]
    assert first.name == "token" and done.name == "done"
    tokens = done.data["usage"]["completion_tokens"]
    assert steps_seen[0] <= 2 < tokens  # the first token came at once, not after the whole answer
    assert len(set(steps_seen[:-1])) > (len(events) - 1) / 2  # tokens came step by step, not in one burst


def test_concurrent_requests_match_their_solo_answers(tiny_server):
    seeds = [101, 102, 103, 104, 105, 106]

    def request(seed: int) -> dict:
        return {"prompt": PROMPT, "max_new_tokens": 16, "temperature": 1.0, "seed": seed}

    def ask(seed: int, streamed: bool) -> str:
        if streamed:
            return "".join(e.data["text"] for e in stream_events(tiny_server.url, request(seed)) if e.name == "token")
        response = http_request(tiny_server.url, "POST", "/api/generate", request(seed))
        assert response.status == 200
        return response.json()["html"]

    solo = {seed: ask(seed, streamed=False) for seed in seeds}
    start = threading.Barrier(len(seeds))

    def ask_together(seed: int) -> str:
        start.wait()
        return ask(seed, streamed=seed % 2 == 1)

    with ThreadPoolExecutor(len(seeds)) as pool:
        together = dict(zip(seeds, pool.map(ask_together, seeds)))
    assert together == solo
    assert len(set(solo.values())) == len(seeds)  # different seeds: different answers to mix up


def test_full_queue_answers_503_with_retry_after_at_once(scripted_engine, serve_engine):
    engine = scripted_engine("<p>slow</p>" * 20, seconds_per_token=0.05, max_batch=1, queue_size=1)
    server = serve_engine(engine)
    slow = {"prompt": "slow", "max_new_tokens": 48}  # ~2.4 s each
    with ThreadPoolExecutor(2) as pool:
        running = pool.submit(http_request, server.url, "POST", "/api/generate", slow)
        wait_until(lambda: engine.status()["generating"] == 1)
        waiting = pool.submit(http_request, server.url, "POST", "/api/generate", slow)
        wait_until(lambda: engine.status()["waiting"] == 1)
        refused = http_request(server.url, "POST", "/api/generate", slow)
        refused_stream = http_request(server.url, "POST", "/api/generate/stream", slow)
        health = http_request(server.url, "GET", "/api/health")
        still_queued = engine.status()["waiting"] == 1  # answered at once: the queue had not moved yet
        assert running.result().status == 200 and waiting.result().status == 200
    assert still_queued
    for response in (refused, refused_stream):
        assert response.status == 503
        assert int(response.headers["retry-after"]) >= 1
        assert response.json()["error"]["type"] == "overloaded"
    assert health.status == 200 and health.json()["waiting"] == 1  # health still answers under load
    assert http_request(server.url, "POST", "/api/generate", {"prompt": "quick", "max_new_tokens": 2}).status == 200


def test_request_that_waits_past_its_time_limit_gets_503(scripted_engine, serve_engine):
    # Tokens 1 s apart: the first request holds the model past the later ones' 0.5 s limit.
    engine = scripted_engine("<li>item</li>" * 20, seconds_per_token=1.0, timeout=0.5, max_batch=1, queue_size=2)
    server = serve_engine(engine)
    with ThreadPoolExecutor(3) as pool:
        first = pool.submit(http_request, server.url, "POST", "/api/generate", {"prompt": "first"})
        wait_until(lambda: engine.status()["generating"] == 1)
        late = [pool.submit(http_request, server.url, "POST", path, {"prompt": "late"})
                for path in ("/api/generate", "/api/generate/stream")]
        for response in (future.result() for future in late):
            assert response.status == 503, response.body
            error = response.json()["error"]
            assert error["type"] == "overloaded" and "in the queue" in error["message"]
            assert int(response.headers["retry-after"]) >= 1
        assert first.result().json()["finish_reason"] == "time_limit"


def test_time_limit_ends_a_stream_with_its_reason(scripted_engine, serve_engine):
    engine = scripted_engine("<li>item</li>" * 40, seconds_per_token=0.02, timeout=0.4)
    server = serve_engine(engine)
    events = list(stream_events(server.url, {"prompt": "long", "max_new_tokens": 64}))
    assert events[-1].name == "done" and events[-1].data["finish_reason"] == "time_limit"
    plain = http_request(server.url, "POST", "/api/generate", {"prompt": "long", "max_new_tokens": 64})
    assert plain.status == 200 and plain.json()["finish_reason"] == "time_limit"
    assert plain.json()["usage"]["completion_tokens"] < 64


def test_client_that_hangs_up_stops_its_generation(scripted_engine, serve_engine):
    engine = scripted_engine("<p>x</p>" * 60, seconds_per_token=0.05)
    server = serve_engine(engine)
    events = stream_events(server.url, {"prompt": "p", "max_new_tokens": 64})
    next(events)
    events.close()  # closes the connection mid-stream
    wait_until(lambda: not engine.status()["generating"], timeout=2.0)  # the full answer would take 3 s


@pytest.mark.parametrize("path", ["/api/generate", "/api/generate/stream"])
def test_client_that_hangs_up_while_generating_frees_its_slot(scripted_engine, serve_engine, path):
    engine = scripted_engine("<p>x</p>" * 60, seconds_per_token=0.05, max_batch=1, queue_size=1)
    server = serve_engine(engine)
    sock = open_request(server.url, path, {"prompt": "p", "max_new_tokens": 64})  # ~3 s of work
    wait_until(lambda: engine.status()["generating"] == 1)
    sock.close()
    wait_until(lambda: engine.status()["generating"] == 0, timeout=2.0)
    assert len(engine.model.steps) < 63  # stopped before the end of its answer
    after = http_request(server.url, "POST", "/api/generate", {"prompt": "next", "max_new_tokens": 2})
    assert after.status == 200


@pytest.mark.parametrize("path", ["/api/generate", "/api/generate/stream"])
def test_client_that_hangs_up_while_queued_frees_its_place(scripted_engine, serve_engine, path):
    engine = scripted_engine("<p>x</p>" * 60, seconds_per_token=0.05, max_batch=1, queue_size=1)
    server = serve_engine(engine)
    running = open_request(server.url, "/api/generate", {"prompt": "running", "max_new_tokens": 64})
    wait_until(lambda: engine.status()["generating"] == 1)
    queued = open_request(server.url, path, {"prompt": "queued", "max_new_tokens": 64})
    wait_until(lambda: engine.status()["waiting"] == 1)
    full = http_request(server.url, "POST", path, {"prompt": "refused", "max_new_tokens": 2})
    assert full.status == 503  # the queue's one place is taken...
    queued.close()
    wait_until(lambda: engine.status()["waiting"] == 0, timeout=2.0)  # ...until its client hangs up
    assert engine.status()["generating"] == 1  # while the first still generates
    with ThreadPoolExecutor(1) as pool:
        admitted = pool.submit(http_request, server.url, "POST", "/api/generate", {"prompt": "next", "max_new_tokens": 2})
        wait_until(lambda: engine.status()["waiting"] == 1)  # it took the freed place
        running.close()
        assert admitted.result().status == 200
    assert engine.model.calls == 2  # the queued request that hung up never reached the model


def test_cli_serves_on_waitress(tiny_adapter_dir):
    command = [sys.executable, "-m", "htmlgen.cli", "serve", "--adapter", str(tiny_adapter_dir), "--host",
               "127.0.0.1", "--port", "0", "--max-new-tokens", "16", "--default-max-new-tokens", "8",
               "--queue-size", "2", "--timeout", "20"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        url = read_url(process)
        health = http_request(url, "GET", "/api/health").json()
        assert health["model_loaded"] is True and health["queue_size"] == 2
        answer = http_request(url, "POST", "/api/generate", {"prompt": PROMPT})
        assert answer.status == 200 and answer.json()["usage"]["completion_tokens"] <= 8
        too_many = http_request(url, "POST", "/api/generate", {"prompt": PROMPT, "max_new_tokens": 17})
        assert too_many.status == 400 and "between 1 and 16" in too_many.json()["error"]["message"]
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=20)[0]
    assert process.returncode == 0, output


def test_cli_with_a_backend_url_generates_there(tiny_adapter_dir, tiny_server):
    command = [sys.executable, "-m", "htmlgen.cli", "serve", "--adapter", str(tiny_adapter_dir), "--host",
               "127.0.0.1", "--port", "0", "--backend-url", tiny_server.url + "/v1", "--max-new-tokens", "16"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        url = read_url(process)
        health = http_request(url, "GET", "/api/health").json()
        assert health["backend"] == tiny_server.url + "/v1"
        request = {"prompt": PROMPT, "max_new_tokens": 8, "temperature": 1.0, "seed": 3}
        answer = http_request(url, "POST", "/api/generate", request)
        assert answer.status == 200
        assert answer.json()["html"] == http_request(tiny_server.url, "POST", "/api/generate", request).json()["html"]
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=20)[0]
    assert process.returncode == 0, output


def test_cli_fails_in_one_line_without_an_adapter(tmp_path):
    result = subprocess.run([sys.executable, "-m", "htmlgen.cli", "serve", "--adapter", str(tmp_path)],
                            check=False, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert result.returncode == 2
    assert "htmlgen.json not found" in result.stderr and "Traceback" not in result.stderr


def read_url(process: subprocess.Popen, timeout: float = 60.0) -> str:
    """The URL ``htmlgen serve`` prints once the model is loaded and the port is open."""
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if match := re.search(r"serving .* on (http://127\.0\.0\.1:\d+)", line):
            return match.group(1)
    raise AssertionError("htmlgen serve did not start:\n" + "".join(lines))
