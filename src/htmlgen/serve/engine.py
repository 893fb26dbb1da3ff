"""The part of the server that owns the model: one worker thread generates, a bounded queue feeds it.

No Flask here, so it can be tested and benchmarked alone. Generation is serialised on one
thread: it makes per-request seeding safe (only this thread touches torch's random generator)
and keeps every answer independent of what else is queued. The price is throughput under load:
decoding is memory-bound at batch 1, and benchmarks/cpu_throughput.py measures a batch of 16
at ~7x the tokens/s of one on a 2-core CPU, so batching requests is the next step for serving.
"""

from __future__ import annotations

import logging
import math
import queue
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from transformers import GenerationConfig, StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

from htmlgen.artifacts import ExportMeta
from htmlgen.config import GenerateConfig, build
from htmlgen.generation import generation_config, logits_processors
from htmlgen.prompting import encode_prompt, end_of_turn_id
from htmlgen.serve.settings import Limits, ServeConfig

log = logging.getLogger("htmlgen.serve")

# Both the streamed chunks and the final answer are decoded this way, so they agree.
DECODE_KWARGS = {"skip_special_tokens": True, "clean_up_tokenization_spaces": False}
# How long a waiting client tolerates silence beyond the request's own deadline before it
# gives up on the worker (a backstop: the deadline stops generation well before this).
GRACE_S = 10.0


# --------------------------------------------------------------------------- errors


class EngineError(Exception):
    """A request the engine will not (or could not) answer; the API maps each kind to a status."""


class PromptTooLong(EngineError):
    def __init__(self, prompt_tokens: int, limit: int):
        super().__init__(f"the prompt is {prompt_tokens} tokens after the chat template and system prompt; "
                         f"the limit is {limit}")
        self.prompt_tokens, self.limit = prompt_tokens, limit


class Overloaded(EngineError):
    """The queue is full, or the request waited in it past its deadline: try again later."""

    def __init__(self, message: str, retry_after_s: int):
        super().__init__(message)
        self.retry_after_s = retry_after_s


class EngineClosed(EngineError):
    pass


class GenerationFailed(EngineError):
    pass


# --------------------------------------------------------------------------- requests and results


@dataclass(frozen=True)
class GenerationRequest:
    prompt: str
    max_new_tokens: int
    temperature: float = 0.0  # 0 = greedy
    top_p: float = 1.0
    seed: int | None = None  # None: the engine picks one and reports it


@dataclass(frozen=True)
class RequestDefaults:
    """What a request gets for the fields it leaves out: the decoding evaluate measured."""

    max_new_tokens: int
    temperature: float  # 0 = greedy
    top_p: float


@dataclass(frozen=True)
class GenerationResult:
    html: str
    prompt_tokens: int
    completion_tokens: int  # generated tokens, the end-of-turn token included
    finish_reason: str  # stop (end-of-turn), length (max_new_tokens), time_limit, cancelled
    seed: int
    latency_ms: int  # from submit to the last token, queue wait included
    queue_ms: int


class TokenStreamer(TextIteratorStreamer):
    """A TextIteratorStreamer that hands out text token by token.

    The stock streamer holds text back until a space or newline, which in HTML (long runs such
    as ``<div class="hero">``) gives large, irregular chunks. Holding back only an unfinished
    character (a byte-level token that stops mid UTF-8) is enough, and the chunks still add up
    to the decoded answer. It decodes the whole answer at each token: cheap next to a forward pass.
    """

    def put(self, value: torch.Tensor) -> None:
        if value.dim() > 1:
            value = value[0]  # a batch of one
        if self.skip_prompt and self.next_tokens_are_prompt:
            self.next_tokens_are_prompt = False
            return
        self.token_cache.extend(value.tolist())
        text = self.tokenizer.decode(self.token_cache, **self.decode_kwargs)
        if text.endswith("\ufffd"):
            return  # the rest of this character comes with the next token
        self.on_finalized_text(text[self.print_len:])
        self.print_len = len(text)


class StopAtDeadline(StoppingCriteria):
    """Stops generation at the request's deadline, or when its client has gone away."""

    def __init__(self, deadline: float, cancelled: threading.Event):
        self.deadline, self.cancelled = deadline, cancelled
        self.reason: str | None = None

    def __call__(self, input_ids: torch.LongTensor, scores=None, **kwargs) -> torch.BoolTensor:
        if self.cancelled.is_set():
            self.reason = "cancelled"
        elif time.monotonic() >= self.deadline:
            self.reason = "time_limit"
        return torch.full((input_ids.shape[0],), self.reason is not None, dtype=torch.bool, device=input_ids.device)


class Job:
    """One submitted request: the worker fills it in, the request thread reads it."""

    def __init__(self, request: GenerationRequest, seed: int, prompt_ids: list[int], timeout: float,
                 streamer: TokenStreamer | None):
        self.request, self.seed, self.prompt_ids = request, seed, prompt_ids
        self.submitted = time.monotonic()
        self.deadline = self.submitted + timeout
        self.streamer = streamer
        self.cancelled = threading.Event()
        self._started = threading.Event()  # the worker took it (or refused it)
        self._done = threading.Event()
        self._result: GenerationResult | None = None
        self._error: BaseException | None = None

    def chunks(self) -> Iterator[str]:
        """The answer's text as it is generated (streaming jobs only); then call ``result()``."""
        try:
            for text in self.streamer:
                if text:
                    yield text
        except queue.Empty:
            self.cancel()
            raise GenerationFailed("no token from the model within the time limit") from None

    def wait_started(self) -> None:
        """Block until the worker takes this job; raise its error if it refused it (e.g. it waited
        in the queue past its deadline), so a stream can still answer with a proper status."""
        if not self._started.wait(max(0.0, self.deadline - time.monotonic()) + GRACE_S):
            self.cancel()
            raise GenerationFailed("the model did not start within the time limit")
        if self._error is not None:
            raise self._error

    def result(self) -> GenerationResult:
        if not self._done.wait(max(0.0, self.deadline - time.monotonic()) + GRACE_S):
            self.cancel()
            raise GenerationFailed("the model did not answer within the time limit")
        if self._error is not None:
            raise self._error
        return self._result

    def cancel(self) -> None:
        """Stop generating for this job (its client is gone); a no-op once it is done."""
        self.cancelled.set()

    def start(self) -> None:
        self._started.set()

    def finish(self, result: GenerationResult) -> None:
        self._result = result
        self._done.set()

    def fail(self, error: BaseException) -> None:
        self._error = error
        self._started.set()
        self._done.set()
        if self.streamer is not None:
            self.streamer.end()  # wake a reader waiting for the next chunk


# --------------------------------------------------------------------------- the engine


class Engine:
    """Owns the model and its tokenizer; generates one request at a time on a worker thread.

    ``model`` is anything with a transformers-style ``generate`` (tests pass scripted fakes).
    ``info`` describes where the weights came from (adapter folder, base folder, model card).
    """

    def __init__(self, model, tokenizer, meta: ExportMeta, limits: Limits | None = None,
                 info: dict[str, Any] | None = None):
        self.model, self.tokenizer, self.meta = model, tokenizer, meta
        self.limits = limits or Limits()
        self.limits.validate()
        self.info = dict(info or {})
        # The adapter's `generate` params (what evaluate measured); an older export has none: defaults.
        self.decoding = build(GenerateConfig, meta.generate or {}, "generate")
        self.decoding.validate()
        self.defaults = RequestDefaults(
            max_new_tokens=min(self.limits.default_max_new_tokens or self.decoding.max_new_tokens,
                               self.limits.max_new_tokens),
            temperature=self.decoding.temperature if self.decoding.do_sample else 0.0,
            top_p=self.decoding.top_p,
        )
        self._processors = logits_processors(self.decoding, tokenizer)
        self._device = getattr(model, "device", torch.device("cpu"))
        self._eos_ids = self._end_of_turn_ids()
        # Fast tokenizers may fail with "Already borrowed" when two threads encode at once.
        self._tokenizer_lock = threading.Lock()
        self._queue: queue.Queue[Job | None] = queue.Queue(maxsize=self.limits.queue_size)
        self._running: Job | None = None
        self._closed = False
        self._mean_job_s = 1.0  # moving average of generation time, for Retry-After
        self._worker = threading.Thread(target=self._work, name="htmlgen-generate", daemon=True)
        self._worker.start()

    # ---- called from request threads

    def submit(self, request: GenerationRequest, stream: bool = False) -> Job:
        """Queue a request; raises PromptTooLong, Overloaded (queue full) or EngineClosed at once."""
        if self._closed:
            raise EngineClosed("the model is shut down")
        with self._tokenizer_lock:
            prompt_ids = encode_prompt(self.tokenizer, request.prompt, self.meta.system_prompt)
        if len(prompt_ids) > self.limits.max_prompt_tokens:
            raise PromptTooLong(len(prompt_ids), self.limits.max_prompt_tokens)
        seed = request.seed if request.seed is not None else secrets.randbits(32)
        streamer = self._new_streamer() if stream else None
        job = Job(request, seed, prompt_ids, self.limits.timeout, streamer)
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            raise Overloaded(f"the generation queue is full ({self.limits.queue_size} waiting); try again later",
                             self.retry_after_s()) from None
        return job

    def generate(self, request: GenerationRequest) -> GenerationResult:
        return self.submit(request).result()

    def retry_after_s(self) -> int:
        """Seconds until a slot is likely free: the queue ahead times the mean generation time."""
        ahead = self._queue.qsize() + (self._running is not None)
        return max(1, min(math.ceil(self._mean_job_s * max(ahead, 1)), math.ceil(self.limits.timeout)))

    def status(self) -> dict[str, Any]:
        return {
            "model_loaded": not self._closed and self._worker.is_alive(),
            "generating": self._running is not None,
            "waiting": self._queue.qsize(),
            "queue_size": self.limits.queue_size,
        }

    def summary(self) -> dict[str, Any]:
        """The model, briefly: returned with every answer."""
        return {"base_model": self.meta.base_model, "adapter": self.info.get("adapter"),
                "merged": bool(self.info.get("merged"))}

    def describe(self) -> dict[str, Any]:
        """Everything /api/info shows: model, adapter, training facts, evaluation metrics, limits."""
        return {
            **self.summary(),
            "base_path": self.info.get("base_path", self.meta.base_path),
            "system_prompt": self.meta.system_prompt,
            "max_seq_len": self.meta.max_seq_len,
            "lora": self.meta.lora,
            "quant": self.meta.quant,
            "metrics": self.meta.metrics,
            "model_card": self.info.get("model_card", {}),
            "limits": self.limits.to_dict(),
        }

    def close(self) -> None:
        """Stop the worker after the job in hand; waiting jobs fail with EngineClosed."""
        if self._closed:
            return
        self._closed = True
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job.fail(EngineClosed("the model is shut down"))
        if self._running is not None:
            self._running.cancel()
        self._queue.put(None)
        self._worker.join(timeout=GRACE_S)

    # ---- the worker thread

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            self._running = job
            try:
                job.finish(self._run(job))
            except EngineError as err:
                job.fail(err)
            except Exception as err:  # a bug or an OOM must not kill the worker: report it, go on
                log.exception("generation failed")
                job.fail(GenerationFailed(f"generation failed: {type(err).__name__}"))
            finally:
                self._running = None

    def _run(self, job: Job) -> GenerationResult:
        if job.cancelled.is_set():
            raise EngineError("cancelled before it started")
        started = time.monotonic()
        if started >= job.deadline:
            raise Overloaded(f"waited {started - job.submitted:.0f} s in the queue, past the time limit",
                             self.retry_after_s())
        job.start()
        stopper = StopAtDeadline(job.deadline, job.cancelled)
        inputs = torch.tensor([job.prompt_ids], device=self._device)
        torch.manual_seed(job.seed)  # safe: this is the only thread that generates
        output = self.model.generate(
            input_ids=inputs, attention_mask=torch.ones_like(inputs),
            generation_config=self._generation_config(job.request), tokenizer=self.tokenizer,
            logits_processor=list(self._processors),
            streamer=job.streamer, stopping_criteria=StoppingCriteriaList([stopper]),
        )
        new_ids = output[0, inputs.shape[1]:].tolist()
        finished = time.monotonic()
        self._mean_job_s = 0.8 * self._mean_job_s + 0.2 * (finished - started)
        return GenerationResult(
            html=self.tokenizer.decode(new_ids, **DECODE_KWARGS),
            prompt_tokens=len(job.prompt_ids),
            completion_tokens=len(new_ids),
            finish_reason=self._finish_reason(new_ids, stopper),
            seed=job.seed,
            latency_ms=round((finished - job.submitted) * 1000),
            queue_ms=round((started - job.submitted) * 1000),
        )

    def _finish_reason(self, new_ids: list[int], stopper: StopAtDeadline) -> str:
        if new_ids and new_ids[-1] in self._eos_ids:
            return "stop"
        if stopper.reason:
            return stopper.reason
        text = self.tokenizer.decode(new_ids, **DECODE_KWARGS).rstrip()
        if any(text.endswith(stop) for stop in self.decoding.stop):
            return "stop"  # a stop string (e.g. </html>) ended it, as OpenAI's API reports one
        return "length"

    def _generation_config(self, request: GenerationRequest) -> GenerationConfig:
        """The measured decoding (`generate` params: stop strings, loop penalty, min_p), with the
        request's budget, temperature and top_p; temperature 0 = greedy."""
        if request.temperature > 0:
            sampling = {"do_sample": True, "temperature": request.temperature, "top_p": request.top_p, "top_k": 0,
                        "min_p": self.decoding.min_p or None}
        else:
            sampling = {"do_sample": False, "temperature": None, "top_p": None, "min_p": None}
        return generation_config(self.decoding, self.tokenizer, max_new_tokens=request.max_new_tokens,
                                 eos_token_id=sorted(self._eos_ids), **sampling)

    def _end_of_turn_ids(self) -> set[int]:
        """The token training taught the model to stop with, plus any the checkpoint declares."""
        ids = {end_of_turn_id(self.tokenizer)}
        declared = getattr(getattr(self.model, "generation_config", None), "eos_token_id", None)
        if isinstance(declared, int):
            ids.add(declared)
        elif isinstance(declared, (list, tuple)):
            ids.update(declared)
        return ids

    def _new_streamer(self) -> TokenStreamer:
        return TokenStreamer(self.tokenizer, skip_prompt=True, timeout=self.limits.timeout + GRACE_S,
                             **DECODE_KWARGS)


# --------------------------------------------------------------------------- loading


def read_model_card(adapter_dir: Path | str) -> dict[str, Any]:
    """The YAML front matter of the adapter's model card (README.md), or {} if it has none."""
    import yaml

    path = Path(adapter_dir) / "README.md"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if not text.startswith("---"):
        return {}
    front = text.split("---", 2)[1] if text.count("---") >= 2 else ""
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def load_engine(config: ServeConfig) -> Engine:
    """Load base + adapter (or the merged weights) once, in the dtype the base was saved in, and start the worker."""
    from htmlgen.modeling import load_exported

    model, tokenizer, meta = load_exported(config.adapter, config.base, merged=config.merged)
    info = {
        "adapter": str(config.adapter),
        "merged": config.merged,
        "base_path": meta.merged_path if config.merged else str(config.base or meta.base_path),
        "model_card": read_model_card(config.adapter),
    }
    log.info("loaded %s + %s", info["base_path"], config.adapter)
    return Engine(model, tokenizer, meta, config.limits, info)
