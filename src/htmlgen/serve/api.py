"""The htmlgen blueprint: the JSON API, its Server-Sent Events stream and the page to try it.

Generated HTML is untrusted: the API only ever returns it inside JSON, and the page shows it in
a sandboxed iframe (no scripts, opaque origin) under a strict Content-Security-Policy.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from htmlgen.serve.engine import (
    ClientGone,
    Engine,
    EngineClosed,
    EngineError,
    GenerationFailed,
    GenerationResult,
    Job,
    Overloaded,
    PromptTooLong,
)
from htmlgen.serve.extension import get_engine
from htmlgen.serve.validation import InvalidRequest, parse_generate_request

log = logging.getLogger("htmlgen.serve")

bp = Blueprint("htmlgen", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets")  # not /static: that is the host app's when mounted at its root

# The page runs only its own script. 'unsafe-inline' styles are for the preview: a srcdoc iframe
# inherits this policy, and generated pages carry <style> blocks. Nothing may load from elsewhere.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'")
API_CSP = "default-src 'none'; frame-ancestors 'none'"


class ApiError(Exception):
    """An error answered as ``{"error": {"type", "message", "field"?}}`` with ``status``."""

    def __init__(self, status: int, kind: str, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.kind, self.message, self.field, self.headers = status, kind, message, field, headers or {}

    def payload(self) -> dict[str, Any]:
        error = {"type": self.kind, "message": self.message}
        if self.field:
            error["field"] = self.field
        return {"error": error}

    def response(self) -> Response:
        response = jsonify(self.payload())
        response.status_code = self.status
        response.headers.update(self.headers)
        return response


# --------------------------------------------------------------------------- the page


@bp.get("/")
def index():
    response = make_response(render_template("htmlgen_index.html", limits=get_engine().limits,
                                             defaults=get_engine().defaults, model=get_engine().summary()))
    response.headers["Content-Security-Policy"] = PAGE_CSP
    return response


# --------------------------------------------------------------------------- the API


@bp.post("/api/generate")
def generate():
    engine = get_engine()
    job = _submit(engine, stream=False)
    try:
        result = job.result(_client_disconnected())
    except EngineError as err:
        raise _api_error(err) from err
    return jsonify({"html": result.html, **_answer_facts(result, engine)})


@bp.post("/api/generate/stream")
def generate_stream():
    engine = get_engine()
    job = _submit(engine, stream=True)
    try:
        # Open the stream only once generation starts: a request refused after waiting in the
        # queue then gets a real 503 with Retry-After, like bad input gets its 4xx.
        job.wait_started(_client_disconnected())
    except EngineError as err:
        raise _api_error(err) from err
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}  # no proxy buffering either
    return Response(_events(job, engine), mimetype="text/event-stream", headers=headers)


@bp.get("/api/health")
def health():
    status = get_engine().status()
    return jsonify({"status": "ok" if status["model_loaded"] else "unavailable", **status}), (
        200 if status["model_loaded"] else 503)


@bp.get("/api/info")
def info():
    return jsonify(get_engine().describe())


# --------------------------------------------------------------------------- helpers


def _submit(engine: Engine, stream: bool) -> Job:
    generation = parse_generate_request(_json_body(engine.limits.max_body_bytes), engine.limits, engine.defaults)
    try:
        return engine.submit(generation, stream=stream)
    except EngineError as err:
        raise _api_error(err) from err


def _client_disconnected():
    """waitress's "has the client hung up?" (with channel_request_lookahead, see wsgi.py); None
    under another server, where a plain request then runs to its end or its time limit."""
    return request.environ.get("waitress.client_disconnected")


def _json_body(max_bytes: int) -> Any:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       f"Content-Type must be application/json, not {request.mimetype or 'missing'!r}")
    request.max_content_length = max_bytes  # per request: the blueprint's limit, whatever the host app's
    try:
        raw = request.get_data(cache=False)
    except RequestEntityTooLarge:
        raise ApiError(413, "body_too_large", f"the request body is over the {max_bytes}-byte limit") from None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError) as err:
        raise ApiError(400, "invalid_json", f"the body is not valid JSON: {err}") from None


def _events(job: Job, engine: Engine) -> Iterator[str]:
    """``token`` events as text arrives, then ``done`` with the usage, or ``error``."""
    try:
        for text in job.chunks():
            yield _sse("token", {"text": text})
        yield _sse("done", _answer_facts(job.result(), engine))
    except EngineError as err:
        yield _sse("error", _api_error(err).payload())
    except Exception:  # the status line is already sent: report in-band, never drop the stream silently
        log.exception("streaming failed")
        yield _sse("error", ApiError(500, "internal_error", "streaming failed").payload())
    finally:
        job.cancel()  # the client left, or the answer is complete: either way stop generating for it


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"  # json.dumps keeps data on one line


def _answer_facts(result: GenerationResult, engine: Engine) -> dict[str, Any]:
    return {
        "model": engine.summary(),
        "usage": {"prompt_tokens": result.prompt_tokens, "completion_tokens": result.completion_tokens},
        "latency_ms": result.latency_ms,
        "finish_reason": result.finish_reason,
        "seed": result.seed,
        "parts": result.parts,  # windows the page took (the adapter's generate.max_continuations)
    }


def _api_error(err: EngineError) -> ApiError:
    if isinstance(err, PromptTooLong):
        return ApiError(400, "prompt_too_long", str(err), "prompt")
    if isinstance(err, Overloaded):
        return ApiError(503, "overloaded", str(err), headers={"Retry-After": str(err.retry_after_s)})
    if isinstance(err, EngineClosed):
        return ApiError(503, "unavailable", str(err), headers={"Retry-After": "30"})
    if isinstance(err, ClientGone):  # nobody reads it; nginx's code for "client closed request"
        return ApiError(499, "client_closed_request", str(err))
    if isinstance(err, GenerationFailed):
        return ApiError(500, "generation_failed", str(err))
    return ApiError(500, "generation_failed", f"generation stopped: {err}")


# --------------------------------------------------------------------------- errors and headers


@bp.errorhandler(ApiError)
def _on_api_error(err: ApiError):
    return err.response()


@bp.errorhandler(InvalidRequest)
def _on_invalid_request(err: InvalidRequest):
    return ApiError(400, "invalid_request", str(err), err.field).response()


@bp.errorhandler(HTTPException)
def _on_http_error(err: HTTPException):
    return http_error_as_json(err)


def http_error_as_json(err: HTTPException) -> Response:
    """Any HTTP error as JSON (create_app also uses it for 404 / 405, raised before the blueprint)."""
    kind = (err.name or "error").lower().replace(" ", "_")
    response = ApiError(err.code or 500, kind, err.description or err.name).response()
    if err.code == 405 and err.response is None:
        response.headers["Allow"] = ", ".join(err.valid_methods or [])
    return response


@bp.after_request
def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", API_CSP)  # the page sets its own, stricter for scripts
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    if request.endpoint != "htmlgen.static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
