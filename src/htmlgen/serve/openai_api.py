"""An OpenAI-compatible API on the same engine: ``POST /v1/chat/completions`` (``stream: true`` as
Server-Sent Events in OpenAI's chunk format) and ``GET /v1/models``, so the clients people use
for LLM servers (the ``openai`` package, LangChain, curl recipes for vLLM / llama.cpp) work.

Same limits as /api/generate, same statuses, errors in OpenAI's shape:
``{"error": {"message", "type", "param", "code"}}``. The model was trained on one instruction per
conversation, so a request holds an optional system message and one user message.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import time
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from htmlgen.serve.api import ApiError, _api_error, _client_disconnected, _json_body, _security_headers
from htmlgen.serve.engine import Engine, EngineError, GenerationResult, Job
from htmlgen.serve.extension import get_engine
from htmlgen.serve.validation import InvalidRequest, parse_generate_request

MODEL_ID = "htmlgen"  # the name vLLM gives the adapter in the README's recipe (--lora-modules htmlgen=...)
# OpenAI fields this server reads; others that clients commonly send are accepted only at their no-op value.
FIELDS = {"model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "seed", "stop",
          "stream", "stream_options", "user"}
NO_OP = {"n": 1, "presence_penalty": 0, "frequency_penalty": 0, "logprobs": False}
# Our field names as OpenAI's clients spell them, for error messages.
OPENAI_NAMES = {"max_new_tokens": "max_tokens", "prompt": "messages"}
# An error type per status, as OpenAI's API reports them.
ERROR_TYPES = {400: "invalid_request_error", 404: "invalid_request_error", 405: "invalid_request_error",
               413: "invalid_request_error", 415: "invalid_request_error", 503: "server_error"}

v1 = Blueprint("htmlgen_v1", __name__)
v1.after_request(_security_headers)


# --------------------------------------------------------------------------- routes


@v1.get("/v1/models")
def models():
    return jsonify({"object": "list", "data": [_model_card()]})


@v1.get("/v1/models/<path:model>")
def model(model: str):
    _check_model(model, param=None)
    return jsonify(_model_card())


@v1.post("/v1/chat/completions")
def chat_completions():
    engine = get_engine()
    body = _json_body(engine.limits.max_body_bytes)
    generation, stream, include_usage = _parse(body, engine)
    try:
        job = engine.submit(generation, stream=stream)
        if not stream:
            result = job.result(_client_disconnected())
        else:
            job.wait_started(_client_disconnected())  # a refusal in the queue still gets its status
    except EngineError as err:
        raise _api_error(err) from err
    completion_id, created = f"chatcmpl-{secrets.token_hex(12)}", int(time.time())
    if stream:
        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        return Response(_chunks(job, completion_id, created, include_usage), mimetype="text/event-stream",
                        headers=headers)
    return jsonify({
        "id": completion_id, "object": "chat.completion", "created": created, "model": MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": result.html},
                     "finish_reason": _finish_reason(result), "logprobs": None}],
        "usage": _usage(result), "system_fingerprint": None,
        "htmlgen": {"seed": result.seed, "latency_ms": result.latency_ms, "finish_reason": result.finish_reason},
    })


# --------------------------------------------------------------------------- request and answer


def _parse(body: Any, engine: Engine):
    """(GenerationRequest, stream, include_usage) from a chat completion body, or InvalidRequest."""
    if not isinstance(body, dict):
        raise InvalidRequest("the body must be a JSON object")
    for name, value in body.items():
        if name not in FIELDS and (name not in NO_OP or value not in (NO_OP[name], None)):
            raise InvalidRequest(f"'{name}' is not supported here" + (
                f" (only {NO_OP[name]!r})" if name in NO_OP else ""), name)
    if body.get("model") is None:
        raise InvalidRequest("'model' is required (see GET /v1/models)", "model")
    _check_model(body["model"], param="model")
    system, prompt = _messages(body.get("messages"))
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    ours = {"prompt": prompt, "max_new_tokens": max_tokens, "temperature": body.get("temperature"),
            "top_p": body.get("top_p"), "seed": body.get("seed")}
    try:
        generation = parse_generate_request(ours, engine.limits, engine.defaults)
    except InvalidRequest as err:
        name = OPENAI_NAMES.get(err.field, err.field)
        message = str(err).replace(f"'{err.field}'", f"'{name}'") if err.field else str(err)
        raise InvalidRequest(message, name) from None
    generation = dataclasses.replace(generation, stop=_stop(body.get("stop")), system_prompt=system)
    stream = body.get("stream") or False
    if not isinstance(stream, bool):
        raise InvalidRequest("'stream' must be true or false", "stream")
    options = body.get("stream_options") or {}
    if not isinstance(options, dict):
        raise InvalidRequest("'stream_options' must be an object", "stream_options")
    return generation, stream, bool(options.get("include_usage"))


def _messages(messages: Any) -> tuple[str | None, str]:
    """(system prompt or None for the adapter's, user prompt): the single-turn shape training used."""
    if not isinstance(messages, list) or not messages:
        raise InvalidRequest("'messages' must be a non-empty array of {role, content}", "messages")
    roles = [m.get("role") if isinstance(m, dict) else None for m in messages]
    if roles not in (["user"], ["system", "user"], ["developer", "user"]):
        raise InvalidRequest("'messages' must be an optional system message and one user message (the model "
                             f"was trained on single-turn conversations); got roles {roles}", "messages")
    texts = [_text(m.get("content"), i) for i, m in enumerate(messages)]
    return (texts[0] if len(texts) == 2 else None), texts[-1]


def _text(content: Any, index: int) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, dict) and p.get("type") == "text" for p in content):
        return "".join(str(p.get("text", "")) for p in content)
    raise InvalidRequest(f"messages[{index}].content must be a string or text parts", "messages")


def _stop(stop: Any) -> tuple[str, ...] | None:
    """OpenAI's stop (a string or up to 4): added to the adapter's own (</html>), which still ends an answer."""
    if stop is None:
        return None
    stops = [stop] if isinstance(stop, str) else stop
    if not isinstance(stops, list) or len(stops) > 4 or not all(isinstance(s, str) and s for s in stops):
        raise InvalidRequest("'stop' must be a non-empty string or an array of up to 4 of them", "stop")
    return tuple(stops)


def _check_model(name: Any, param: str | None) -> None:
    if name != MODEL_ID:
        raise ApiError(404, "model_not_found", f"the model {name!r} does not exist; this server has {MODEL_ID!r}",
                       param)


def _model_card() -> dict[str, Any]:
    return {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "htmlgen",
            "root": get_engine().meta.base_model}


def _finish_reason(result: GenerationResult) -> str:
    return "stop" if result.finish_reason == "stop" else "length"  # time_limit: cut short, as by a budget


def _usage(result: GenerationResult) -> dict[str, int]:
    return {"prompt_tokens": result.prompt_tokens, "completion_tokens": result.completion_tokens,
            "total_tokens": result.prompt_tokens + result.completion_tokens}


def _chunks(job: Job, completion_id: str, created: int, include_usage: bool) -> Iterator[str]:
    def chunk(delta: dict, finish_reason: str | None = None, **extra) -> str:
        data = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}], **extra}
        return f"data: {json.dumps(data)}\n\n"

    try:
        yield chunk({"role": "assistant", "content": ""})
        for text in job.chunks():
            yield chunk({"content": text})
        result = job.result()
        yield chunk({}, _finish_reason(result))
        if include_usage:  # OpenAI's last chunk: no choices, the usage
            usage = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
                     "choices": [], "usage": _usage(result)}
            yield f"data: {json.dumps(usage)}\n\n"
        yield "data: [DONE]\n\n"
    except EngineError as err:
        yield f"data: {json.dumps(_openai_error(_api_error(err)))}\n\n"
    finally:
        job.cancel()  # the client left, or the answer is complete: either way stop generating for it


# --------------------------------------------------------------------------- errors


def _openai_error(err: ApiError) -> dict[str, Any]:
    return {"error": {"message": err.message, "type": ERROR_TYPES.get(err.status, "server_error"),
                      "param": err.field, "code": err.kind}}


def _respond(err: ApiError) -> Response:
    response = jsonify(_openai_error(err))
    response.status_code = err.status
    response.headers.update(err.headers)
    return response


@v1.errorhandler(ApiError)
def _on_api_error(err: ApiError):
    return _respond(err)


@v1.errorhandler(InvalidRequest)
def _on_invalid_request(err: InvalidRequest):
    return _respond(ApiError(400, "invalid_request", str(err), err.field))


@v1.errorhandler(HTTPException)
def _on_http_error(err: HTTPException):
    return _respond(ApiError(err.code or 500, (err.name or "error").lower().replace(" ", "_"),
                             err.description or err.name))
