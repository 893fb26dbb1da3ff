"""The OpenAI-compatible API, driven by the real ``openai`` client against waitress on 127.0.0.1."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import openai
import pytest

pytest.register_assert_rewrite("conftest_serve")
from conftest_serve import http_request, wait_until  # noqa: E402

pytest_plugins = ["conftest_serve"]

PROMPT = "A pricing table with three plans"


def client_for(server, **kwargs) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url + "/v1", api_key="unused", **kwargs)


def test_models_lists_the_adapter(tiny_server):
    client = client_for(tiny_server)
    assert [m.id for m in client.models.list()] == ["htmlgen"]
    assert client.models.retrieve("htmlgen").owned_by == "htmlgen"


def test_chat_completion_is_our_answer_in_openais_shape(tiny_server):
    client = client_for(tiny_server)
    completion = client.chat.completions.create(
        model="htmlgen", messages=[{"role": "user", "content": PROMPT}], max_tokens=12, temperature=0.8, seed=5)
    ours = http_request(tiny_server.url, "POST", "/api/generate",
                        {"prompt": PROMPT, "max_new_tokens": 12, "temperature": 0.8, "seed": 5}).json()
    choice = completion.choices[0]
    assert completion.object == "chat.completion" and completion.model == "htmlgen"
    assert choice.message.role == "assistant" and choice.message.content == ours["html"]
    assert choice.finish_reason == ("stop" if ours["finish_reason"] == "stop" else "length")
    assert completion.usage.prompt_tokens == ours["usage"]["prompt_tokens"]
    assert completion.usage.completion_tokens == ours["usage"]["completion_tokens"] <= 12
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens


def test_system_message_replaces_the_adapters_system_prompt(tiny_server):
    client = client_for(tiny_server)
    messages = [{"role": "system", "content": "You write HTML."}, {"role": "user", "content": PROMPT}]
    same = client.chat.completions.create(model="htmlgen", messages=messages, max_tokens=8)
    default = client.chat.completions.create(model="htmlgen", messages=messages[1:], max_tokens=8)
    other = client.chat.completions.create(
        model="htmlgen", messages=[{"role": "system", "content": "Be brief and write plain text only."}, messages[1]],
        max_tokens=8)
    assert same.usage.prompt_tokens == default.usage.prompt_tokens != other.usage.prompt_tokens
    assert same.choices[0].message.content == default.choices[0].message.content


def test_streamed_chunks_add_up_to_the_plain_completion(tiny_server):
    client = client_for(tiny_server)
    request = {"model": "htmlgen", "messages": [{"role": "user", "content": PROMPT}], "max_tokens": 32,
               "temperature": 1.0, "seed": 77}
    plain = client.chat.completions.create(**request)
    chunks = list(client.chat.completions.create(**request, stream=True, stream_options={"include_usage": True}))
    assert all(c.object == "chat.completion.chunk" and c.model == "htmlgen" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 3  # token by token
    finished = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finished == [plain.choices[0].finish_reason]
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == plain.usage.completion_tokens


BAD = [
    # (case, request fields, status, param, words in the message)
    ("over the token limit", {"max_tokens": 65}, 400, "max_tokens", "between 1 and 64"),
    ("temperature too high", {"temperature": 9}, 400, "temperature", "temperature"),
    ("unknown model", {"model": "gpt-4o"}, 404, "model", "does not exist"),
    ("two turns", {"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"},
                                {"role": "user", "content": "c"}]}, 400, "messages", "single-turn"),
    ("n above 1", {"n": 2}, 400, "n", "not supported"),
    ("bad stop", {"stop": ["a", "b", "c", "d", "e"]}, 400, "stop", "up to 4"),
]


@pytest.mark.parametrize("case, fields, status, param, words", BAD, ids=[b[0] for b in BAD])
def test_bad_request_is_an_openai_error(tiny_server, case, fields, status, param, words):
    client = client_for(tiny_server, max_retries=0)
    request = {"model": "htmlgen", "messages": [{"role": "user", "content": PROMPT}], **fields}
    with pytest.raises(openai.APIStatusError) as refused:
        client.chat.completions.create(**request)
    assert refused.value.status_code == status
    error = refused.value.body  # the client hands over the "error" object
    assert error["param"] == param and words in error["message"]
    assert error["type"] == "invalid_request_error"


def test_full_queue_is_a_503_with_retry_after(scripted_engine, serve_engine):
    engine = scripted_engine("<p>slow</p>" * 20, seconds_per_token=0.05, max_batch=1, queue_size=1)
    server = serve_engine(engine)
    client = client_for(server, max_retries=0)
    request = {"model": "htmlgen", "messages": [{"role": "user", "content": "slow"}], "max_tokens": 48}
    with ThreadPoolExecutor(2) as pool:
        running = pool.submit(client.chat.completions.create, **request)
        wait_until(lambda: engine.status()["generating"] == 1)
        waiting = pool.submit(client.chat.completions.create, **request, stream=True)
        wait_until(lambda: engine.status()["waiting"] == 1)
        with pytest.raises(openai.InternalServerError) as refused:
            client.chat.completions.create(**request)
        assert running.result().choices[0].message.content.startswith("<p>slow</p>")
        assert "".join(c.choices[0].delta.content or "" for c in waiting.result() if c.choices)
    assert refused.value.status_code == 503
    assert int(refused.value.response.headers["retry-after"]) >= 1
    assert refused.value.body["type"] == "server_error" and refused.value.body["code"] == "overloaded"


def test_backend_url_serves_our_api_and_page_from_another_openai_server(tiny_server, tiny_adapter_dir, serve_engine):
    """A front server whose engine is a second htmlgen server (it speaks the protocol vLLM does):
    the same answers, streamed too, and the backend's refusals keep their status."""
    from htmlgen.serve.remote import load_remote_engine
    from htmlgen.serve.settings import ServeConfig

    from conftest_serve import TINY_LIMITS, stream_events

    engine = load_remote_engine(ServeConfig(adapter=str(tiny_adapter_dir), limits=TINY_LIMITS),
                                tiny_server.url + "/v1", "htmlgen")
    front = serve_engine(engine)
    request = {"prompt": PROMPT, "max_new_tokens": 16, "temperature": 1.0, "seed": 42}
    direct = http_request(tiny_server.url, "POST", "/api/generate", request).json()
    via = http_request(front.url, "POST", "/api/generate", request)
    assert via.status == 200
    assert via.json()["html"] == direct["html"] and via.json()["usage"] == direct["usage"]
    assert via.json()["seed"] == 42
    events = list(stream_events(front.url, request))
    assert "".join(e.data["text"] for e in events if e.name == "token") == direct["html"]
    assert events[-1].name == "done" and events[-1].data["usage"] == direct["usage"]
    assert http_request(front.url, "GET", "/").status == 200  # the page is served by the front
    health = http_request(front.url, "GET", "/api/health").json()
    assert health["model_loaded"] is True and health["backend"] == tiny_server.url + "/v1"
    # Through the front's own OpenAI API too.
    completion = client_for(front).chat.completions.create(
        model="htmlgen", messages=[{"role": "user", "content": PROMPT}], max_tokens=16, temperature=1.0, seed=42)
    assert completion.choices[0].message.content == direct["html"]


def test_backend_refusal_keeps_its_status(scripted_engine, serve_engine, tiny_adapter_dir):
    from htmlgen.serve.remote import load_remote_engine
    from htmlgen.serve.settings import ServeConfig

    from conftest_serve import TINY_LIMITS

    backend = scripted_engine("<p>slow</p>" * 20, seconds_per_token=0.05, max_batch=1, queue_size=1)
    back = serve_engine(backend)
    front = serve_engine(load_remote_engine(ServeConfig(adapter=str(tiny_adapter_dir), limits=TINY_LIMITS),
                                            back.url + "/v1", "htmlgen"))
    slow = {"prompt": "slow", "max_new_tokens": 48}
    with ThreadPoolExecutor(2) as pool:
        running = pool.submit(http_request, front.url, "POST", "/api/generate", slow)
        wait_until(lambda: backend.status()["generating"] == 1)
        waiting = pool.submit(http_request, front.url, "POST", "/api/generate", slow)
        wait_until(lambda: backend.status()["waiting"] == 1)
        refused = http_request(front.url, "POST", "/api/generate", slow)
        assert running.result().status == 200 and waiting.result().status == 200
    assert refused.status == 503 and int(refused.headers["retry-after"]) >= 1
    assert refused.json()["error"]["type"] == "overloaded"
