"""``htmlgen serve --backend-url``: the page and both APIs stay, generation moves to any
OpenAI-compatible server (vLLM serving the same adapter, see the README; or another htmlgen).

``RemoteEngine`` has the Engine's interface. It keeps what the adapter defines locally (its
tokenizer and htmlgen.json: prompt limits, system prompt, the measured defaults) and sends each
request as a streamed chat completion; the backend does the batching. Up to max_batch +
queue_size requests are in flight, beyond that 503 at once as with the local engine; a request
whose client leaves closes its backend stream, which frees the backend's slot too.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from htmlgen.serve.engine import (
    GRACE_S,
    ClientGone,
    Engine,
    EngineClosed,
    EngineError,
    GenerationFailed,
    GenerationRequest,
    GenerationResult,
    Job,
    Overloaded,
    read_model_card,
)


class RemoteEngine(Engine):
    """An Engine whose worker is an OpenAI-compatible server at ``base_url`` (ending in /v1)."""

    def __init__(self, base_url: str, model_name: str, tokenizer, meta, limits=None, info=None):
        import openai

        self.base_url, self.model_name = base_url, model_name
        info = {**(info or {}), "backend": base_url}
        self._client = openai.OpenAI(base_url=base_url, api_key="unused", max_retries=0)
        self._in_flight = 0
        self._lock = threading.Lock()
        super().__init__(_NoModel(), tokenizer, meta, limits, info)

    # The local worker loop is not used: each request runs on its own thread against the backend.
    def _work(self) -> None:
        return

    def submit(self, request: GenerationRequest, stream: bool = False) -> Job:
        if self._closed:
            raise EngineClosed("the server is shut down")
        with self._lock:
            if self._in_flight >= self.limits.max_batch + self.limits.queue_size:
                raise Overloaded(f"{self._in_flight} requests are in flight to the backend; try again later",
                                 self.retry_after_s())
            self._in_flight += 1
        try:
            job = self._new_job(request, stream)  # the local engine's prompt checks and seed rule
        except BaseException:
            with self._lock:
                self._in_flight -= 1
            raise
        self._accepted += 1
        threading.Thread(target=self._forward, args=(job,), name="htmlgen-backend", daemon=True).start()
        return job

    def _forward(self, job: Job) -> None:
        import openai

        request = job.request
        system = self.meta.system_prompt if request.system_prompt is None else request.system_prompt
        stop = list(self.decoding.stop) if request.stop is None else list(request.stop)
        started = time.monotonic()
        pieces, usage, reason = [], None, "length"
        try:
            chunks = self._client.chat.completions.create(
                model=self.model_name, stream=True, stream_options={"include_usage": True},
                messages=[{"role": "system", "content": system}, {"role": "user", "content": request.prompt}],
                max_tokens=request.max_new_tokens, temperature=request.temperature, top_p=request.top_p,
                seed=job.seed, stop=stop[:4] or None, timeout=max(1.0, job.deadline - time.monotonic()) + GRACE_S)
            job.start()
            with chunks:
                for chunk in chunks:
                    if chunk.usage is not None:
                        usage = chunk.usage
                    for choice in chunk.choices:
                        if choice.delta.content:
                            pieces.append(choice.delta.content)
                            if job.streamer is not None:
                                job.streamer.on_finalized_text(choice.delta.content)
                        if choice.finish_reason:
                            reason = "stop" if choice.finish_reason == "stop" else "length"
                    if job.cancelled.is_set():
                        reason = "cancelled"
                        break  # closing the stream tells the backend to stop
                    if time.monotonic() >= job.deadline:
                        reason = "time_limit"
                        break
        except openai.APIStatusError as err:
            job.fail(_backend_error(err))
            return
        except Exception as err:  # connection refused, timeout, a broken stream: report it, never hang
            job.fail(GenerationFailed(f"the backend at {self.base_url} failed: {type(err).__name__}"))
            return
        finally:
            with self._lock:
                self._in_flight -= 1
        finished = time.monotonic()
        text = "".join(pieces)
        job.finish(GenerationResult(
            html=text, prompt_tokens=usage.prompt_tokens if usage else len(job.prompt_ids),
            completion_tokens=usage.completion_tokens if usage else len(self.tokenizer(text)["input_ids"]),
            finish_reason=reason, seed=job.seed, latency_ms=round((finished - job.submitted) * 1000),
            queue_ms=round((started - job.submitted) * 1000)))

    def status(self) -> dict[str, Any]:
        return {"model_loaded": not self._closed, "generating": self._in_flight, "waiting": 0,
                "max_batch": self.limits.max_batch, "queue_size": self.limits.queue_size,
                "accepted": self._accepted, "backend": self.base_url}

    def close(self) -> None:
        self._closed = True


class _NoModel:
    """The remote engine holds no weights: nothing for the local decoding loop to call."""

    def __call__(self, *args, **kwargs):
        raise RuntimeError("a RemoteEngine does not generate locally")


def _backend_error(err) -> EngineError:
    """The backend's refusal as ours: its 503 stays a 503 with its Retry-After, 4xx says what it said."""
    if err.status_code in (429, 503):
        return Overloaded(f"the backend is overloaded: {_message(err)}",
                          int(err.response.headers.get("retry-after", "1") or 1))
    if err.status_code == 499:
        return ClientGone("cancelled")
    return GenerationFailed(f"the backend refused the request ({err.status_code}): {_message(err)}")


def _message(err) -> str:
    body = err.body if isinstance(err.body, dict) else {}
    return str(body.get("message") or err.message)


def load_remote_engine(config, base_url: str, model_name: str) -> RemoteEngine:
    """The adapter's tokenizer and htmlgen.json (no weights), generation at ``base_url``."""
    from htmlgen.artifacts import ExportMeta
    from htmlgen.modeling import load_tokenizer

    meta = ExportMeta.read(config.adapter)
    info = {"adapter": Path(config.adapter).name, "merged": False, "base_path": meta.base_path,
            "model_card": read_model_card(config.adapter)}
    return RemoteEngine(base_url, model_name, load_tokenizer(config.adapter), meta, config.limits, info)
