"""The blueprint through Flask's test client: the contract, every bad input, headers, mounting."""

from __future__ import annotations

import json
import shutil

import pytest
from flask import Flask

pytest.register_assert_rewrite("conftest_serve")  # before the import below; pytest_plugins loads it too
from conftest_serve import parse_sse

from htmlgen.config import ConfigError
from htmlgen.prompting import encode_prompt
from htmlgen.serve import bp, create_app, init_app
from htmlgen.serve.engine import load_engine
from htmlgen.serve.settings import ServeConfig

pytest_plugins = ["conftest_serve"]

PROMPT = "A contact form with an email field"


def test_generate_contract(client, tiny_engine):
    response = client.post("/api/generate", json={"prompt": PROMPT, "max_new_tokens": 12, "temperature": 0.8,
                                                  "top_p": 0.9, "seed": 5})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"html", "model", "usage", "latency_ms", "finish_reason", "seed", "parts"}
    assert body["parts"] == 1  # windows the page took: more only with generate.max_continuations
    assert isinstance(body["html"], str) and body["html"]
    assert body["model"] == {"base_model": "tiny-test-llama", "adapter": str(tiny_engine.info["adapter"]),
                             "merged": False}
    prompt_ids = encode_prompt(tiny_engine.tokenizer, PROMPT, tiny_engine.meta.system_prompt)
    assert body["usage"]["prompt_tokens"] == len(prompt_ids)
    assert 1 <= body["usage"]["completion_tokens"] <= 12
    assert body["finish_reason"] in ("stop", "length")
    assert body["seed"] == 5
    assert isinstance(body["latency_ms"], int) and body["latency_ms"] >= 0
    again = client.post("/api/generate", json={"prompt": PROMPT, "max_new_tokens": 12, "temperature": 0.8,
                                               "top_p": 0.9, "seed": 5}).get_json()
    assert again["html"] == body["html"]


def test_defaults_apply_and_the_engine_picks_a_seed(client, tiny_engine):
    body = client.post("/api/generate", json={"prompt": PROMPT, "seed": None}).get_json()
    assert body["usage"]["completion_tokens"] <= tiny_engine.defaults.max_new_tokens
    assert isinstance(body["seed"], int)
    replay = client.post("/api/generate", json={"prompt": PROMPT, "seed": body["seed"]}).get_json()
    assert replay["html"] == body["html"]


def test_stream_events_add_up_to_the_plain_answer(client):
    request = {"prompt": PROMPT, "max_new_tokens": 40, "temperature": 1.0, "seed": 9}
    response = client.post("/api/generate/stream", json=request)
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    events = parse_sse(response.get_data(as_text=True))
    names = [name for name, _ in events]
    assert names[-1] == "done" and set(names[:-1]) == {"token"} and len(names) > 3
    done = events[-1][1]
    plain = client.post("/api/generate", json=request).get_json()
    assert "".join(data["text"] for name, data in events if name == "token") == plain["html"]
    assert done["usage"] == plain["usage"] and done["seed"] == 9 and done["finish_reason"] == plain["finish_reason"]


BIG_PROMPT_FEW_BYTES = "table " * 200  # ~1.2 kB: under the 4 kB body limit, over the 96-token prompt limit

BAD_REQUESTS = [
    # (case, request kwargs, status, error type, field)
    ("not JSON", {"data": "{prompt: nope", "content_type": "application/json"}, 400, "invalid_json", None),
    ("not UTF-8", {"data": b'{"prompt": "\xff\xfe"}', "content_type": "application/json"}, 400, "invalid_json",
     None),
    ("NaN is not JSON we take", {"data": '{"prompt": "x", "temperature": NaN}', "content_type": "application/json"},
     400, "invalid_request", "temperature"),
    ("text/plain", {"data": json.dumps({"prompt": "x"}), "content_type": "text/plain"}, 415,
     "unsupported_media_type", None),
    ("no content type", {"data": json.dumps({"prompt": "x"})}, 415, "unsupported_media_type", None),
    ("form post", {"data": {"prompt": "x"}}, 415, "unsupported_media_type", None),
    ("array body", {"json": ["x"]}, 400, "invalid_request", None),
    ("string body", {"json": "make a page"}, 400, "invalid_request", None),
    ("missing prompt", {"json": {"max_new_tokens": 4}}, 400, "invalid_request", "prompt"),
    ("null prompt", {"json": {"prompt": None}}, 400, "invalid_request", "prompt"),
    ("empty prompt", {"json": {"prompt": ""}}, 400, "invalid_request", "prompt"),
    ("blank prompt", {"json": {"prompt": " \n\t "}}, 400, "invalid_request", "prompt"),
    ("prompt not a string", {"json": {"prompt": 42}}, 400, "invalid_request", "prompt"),
    ("prompt as list", {"json": {"prompt": ["a", "b"]}}, 400, "invalid_request", "prompt"),
    ("max_new_tokens as string", {"json": {"prompt": "x", "max_new_tokens": "10"}}, 400, "invalid_request",
     "max_new_tokens"),
    ("max_new_tokens as float", {"json": {"prompt": "x", "max_new_tokens": 1.5}}, 400, "invalid_request",
     "max_new_tokens"),
    ("max_new_tokens as bool", {"json": {"prompt": "x", "max_new_tokens": True}}, 400, "invalid_request",
     "max_new_tokens"),
    ("max_new_tokens 0", {"json": {"prompt": "x", "max_new_tokens": 0}}, 400, "invalid_request", "max_new_tokens"),
    ("max_new_tokens over limit", {"json": {"prompt": "x", "max_new_tokens": 65}}, 400, "invalid_request",
     "max_new_tokens"),
    ("temperature as string", {"json": {"prompt": "x", "temperature": "hot"}}, 400, "invalid_request",
     "temperature"),
    ("temperature negative", {"json": {"prompt": "x", "temperature": -0.1}}, 400, "invalid_request", "temperature"),
    ("temperature over limit", {"json": {"prompt": "x", "temperature": 2.5}}, 400, "invalid_request",
     "temperature"),
    ("top_p zero", {"json": {"prompt": "x", "top_p": 0}}, 400, "invalid_request", "top_p"),
    ("top_p over 1", {"json": {"prompt": "x", "top_p": 1.01}}, 400, "invalid_request", "top_p"),
    ("seed negative", {"json": {"prompt": "x", "seed": -1}}, 400, "invalid_request", "seed"),
    ("seed as string", {"json": {"prompt": "x", "seed": "42"}}, 400, "invalid_request", "seed"),
    ("unknown field", {"json": {"prompt": "x", "max_tokens": 5}}, 400, "invalid_request", "max_tokens"),
    ("prompt over the token limit", {"json": {"prompt": BIG_PROMPT_FEW_BYTES}}, 400, "prompt_too_long", "prompt"),
    ("body over the size limit", {"json": {"prompt": "x" * 5000}}, 413, "body_too_large", None),
]


@pytest.mark.parametrize("path", ["/api/generate", "/api/generate/stream"])
@pytest.mark.parametrize("case, kwargs, status, kind, field", BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS])
def test_bad_request_gets_a_json_error_that_says_what_is_wrong(client, tiny_engine, path, case, kwargs, status,
                                                               kind, field):
    accepted_before = tiny_engine.status()["accepted"]
    response = client.post(path, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["type"] == kind
    assert error.get("field") == field
    assert len(error["message"]) > 10
    if field:
        assert field in error["message"] or kind == "prompt_too_long"
    assert tiny_engine.status()["accepted"] == accepted_before  # refused before anything was queued


def test_error_messages_name_the_limits(client):
    too_many = client.post("/api/generate", json={"prompt": "x", "max_new_tokens": 65}).get_json()
    assert "between 1 and 64" in too_many["error"]["message"]
    too_long = client.post("/api/generate", json={"prompt": BIG_PROMPT_FEW_BYTES}).get_json()
    assert "limit is 96" in too_long["error"]["message"]
    too_big = client.post("/api/generate", json={"prompt": "x" * 5000}).get_json()
    assert "4096-byte" in too_big["error"]["message"]


def test_wrong_method_and_unknown_path_are_json_errors(client):
    wrong_method = client.get("/api/generate")
    assert wrong_method.status_code == 405 and wrong_method.mimetype == "application/json"
    assert "POST" in wrong_method.headers["Allow"]
    unknown = client.get("/api/nothing-here")
    assert unknown.status_code == 404 and unknown.get_json()["error"]["type"] == "not_found"


def test_health(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["model_loaded"] is True
    assert body["queue_size"] == 8 and body["waiting"] == 0


def test_health_says_unavailable_once_the_model_is_shut_down(scripted_engine):
    engine = scripted_engine("<p>x</p>")
    app = create_app(engine=engine)
    engine.close()
    response = app.test_client().get("/api/health")
    assert response.status_code == 503 and response.get_json()["model_loaded"] is False
    refused = app.test_client().post("/api/generate", json={"prompt": "x"})
    assert refused.status_code == 503 and refused.get_json()["error"]["type"] == "unavailable"


def test_info_shows_the_adapter_its_metrics_and_the_limits(tiny_adapter_dir, tiny_base_dir, tmp_path, monkeypatch):
    """The adapter and its base moved elsewhere together, htmlgen.json's paths relative to the
    adapter folder, served from another working directory; /api/info shows no absolute path."""
    adapter, base = tmp_path / "models" / "adapter", tmp_path / "models" / "base"
    shutil.copytree(tiny_adapter_dir, adapter)
    shutil.copytree(tiny_base_dir, base)
    meta = json.loads((adapter / "htmlgen.json").read_text())
    meta["base_path"] = "../base"
    meta["metrics"] = {"finetuned": {"rougeL": 0.42, "stop_rate": 0.9}, "base": {"rougeL": 0.12}}
    meta["lora"] = {"r": 4, "alpha": 8}
    (adapter / "htmlgen.json").write_text(json.dumps(meta))
    (adapter / "README.md").write_text("---\nlicense: apache-2.0\nbase_model: tiny-test-llama\n---\n# card\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # ../base from here does not exist: it must be read from the adapter folder
    engine = load_engine(ServeConfig(adapter=str(adapter)))
    try:
        client = create_app(engine=engine).test_client()
        info = client.get("/api/info").get_json()
        answer = client.post("/api/generate", json={"prompt": PROMPT, "max_new_tokens": 4})
    finally:
        engine.close()
    assert answer.status_code == 200
    assert info["base_model"] == "tiny-test-llama" and info["adapter"] == "adapter"
    assert info["base_path"] == "../base" and info["merged"] is False
    assert str(tmp_path) not in json.dumps(info) and str(tiny_base_dir) not in json.dumps(info)
    assert info["metrics"] == meta["metrics"] and info["lora"] == {"r": 4, "alpha": 8}
    assert info["model_card"] == {"license": "apache-2.0", "base_model": "tiny-test-llama"}
    assert info["system_prompt"] == "You write HTML."
    assert info["limits"]["max_new_tokens"] == 1024 and info["limits"]["queue_size"] == 4


def test_page_has_the_prompt_box_the_sandboxed_preview_and_strict_headers(client):
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<textarea id="prompt"' in page and '<pre id="source"' in page
    assert '<iframe id="preview" sandbox=""' in page and "allow-" not in page.split('<iframe id="preview"')[1][:200]
    csp = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'"  # no inline script, no eval: a reflected script could not run
    assert csp["default-src"] == "'none'" and csp["frame-ancestors"] == "'none'" and csp["connect-src"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    script = client.get("/assets/app.js")
    assert script.status_code == 200 and "javascript" in script.mimetype
    assert script.headers["X-Content-Type-Options"] == "nosniff"


def test_api_returns_generated_html_only_as_a_json_string(scripted_engine):
    attack = "<script>alert(document.cookie)</script><h1>hi</h1>"
    app = create_app(engine=scripted_engine(attack))
    response = app.test_client().post("/api/generate", json={"prompt": "x", "max_new_tokens": 64})
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    raw = response.get_data(as_text=True)
    assert json.loads(raw)["html"] == attack
    assert raw.count("<script>") == 1  # only inside the html string, echoed nowhere else


def test_blueprint_mounts_under_another_apps_prefix(tiny_engine):
    host = Flask("host")

    @host.get("/")
    def home():
        return "the host's own page"

    init_app(host, engine=tiny_engine)
    host.register_blueprint(bp, url_prefix="/htmlgen")
    client = host.test_client()
    assert client.get("/").get_data(as_text=True) == "the host's own page"
    answer = client.post("/htmlgen/api/generate", json={"prompt": PROMPT, "max_new_tokens": 4})
    assert answer.status_code == 200 and answer.get_json()["usage"]["completion_tokens"] <= 4
    page = client.get("/htmlgen/").get_data(as_text=True)
    assert 'data-stream-url="/htmlgen/api/generate/stream"' in page
    assert 'src="/htmlgen/assets/app.js"' in page
    assert client.get("/htmlgen/assets/app.js").status_code == 200
    bad = client.post("/htmlgen/api/generate", json={"prompt": ""})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "prompt"


def test_create_app_fails_clearly_without_an_adapter(tmp_path):
    with pytest.raises(FileNotFoundError, match="htmlgen.json"):
        create_app({"adapter": str(tmp_path / "missing")})
    with pytest.raises(ConfigError, match="unknown key"):
        create_app({"adapter": "x", "limits": {"queue": 3}})
    with pytest.raises(ConfigError, match="default_max_new_tokens"):
        create_app({"limits": {"max_new_tokens": 8, "default_max_new_tokens": 16}})
