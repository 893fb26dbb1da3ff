"""The part of the server that owns the model: one worker thread decodes a batch that requests
join and leave between steps (continuous batching), fed by a bounded queue.

No Flask here, so it can be tested and benchmarked alone.

Why a batcher of our own and not transformers' continuous batching (``generate_batch`` /
``init_continuous_batching``, transformers 5.23): its logits processors are built from the
GenerationConfig alone (continuous_api.py: ``model._get_logits_processor(generation_config)``),
and they are called with the current step's tokens only, not each request's history
(model_runner.py: ``logit_processor(sliced_input_ids_2d, ...)``), so the DRY loop penalty that
evaluate measured cannot run in it; nor can a stop string or a per-request seeded generator.
It is also slower here: measured on this 2-core CPU (SmolLM2-135M + merged adapter, 16
requests x 64 greedy tokens) ``generate_batch`` 29.5 tokens/s, left-padded static ``generate``
82.7, batch 1 11.9. So the worker runs the project's own decoding step (the processors and
``sample`` of ``htmlgen.generation``, as evaluate's ``decode_batch``, batched in
``htmlgen.sampling``) over a cache whose rows come and go: requests that wait are prefilled
together when slots are free (after the shared system prompt, computed once), their keys and
values join the running batch (right-aligned, left padding masked), and each leaves the batch
when it ends, hits a stop string, its deadline, its budget, or its client goes away.

Per-request settings hold in a batch: each row has its own penalties over its own history, its
own temperature / top_p, its own ``torch.Generator`` seeded with its seed, its own budget and
stop strings; greedy rows give the same text alone as in a batch (tested in fp32 on a CPU; on a
GPU, bf16 kernels chosen by batch shape can move a near-tie).

A page that uses up its window (``length``) is continued when the adapter's generate params set
``max_continuations``: the request goes back in as its next window, prompted by the function
evaluate uses (``prompting.continuation_prompt``: the chunk format of training), ahead of waiting
requests (prefilled with them, in one pass); its stream holds back what a continuation would cut
off, so the streamed text and the answer are one document. The deadline and the client's hang-up
cover all its windows; it stays one job in hand until the last ends; window k draws with seed + k - 1.

The deadline is checked per row at each step, not with transformers' ``max_time``: that is a
setting of ``generate`` (which this loop does not call), it counts from the start of generation
for the whole batch, while a request's time limit starts when it is submitted (queue wait
included) and ends only that request's row.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import queue
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from transformers import TextIteratorStreamer
from transformers.cache_utils import Cache, DynamicLayer

from htmlgen.artifacts import ExportMeta
from htmlgen.chunking import cut_points
from htmlgen.config import GenerateConfig, build
from htmlgen.generation import hit_stop_string, is_preallocated, kv_cache, warpers
from htmlgen.prompting import continuation_prompt, encode_prompt, end_of_turn_id
from htmlgen.sampling import draw, penalise, warp
from htmlgen.serve.settings import Limits, ServeConfig

log = logging.getLogger("htmlgen.serve")

# Both the streamed chunks and the final answer are decoded this way, so they agree.
DECODE_KWARGS = {"skip_special_tokens": True, "clean_up_tokenization_spaces": False}
# How long a waiting client tolerates silence beyond the request's own deadline before it
# gives up on the worker (a backstop: the deadline stops generation well before this).
GRACE_S = 10.0
# How often a request thread that waits looks whether its client is still connected.
POLL_S = 0.1


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


class ClientGone(EngineError):
    """The client closed its connection: its request was cancelled (nobody reads the answer)."""


# --------------------------------------------------------------------------- requests and results


@dataclass(frozen=True)
class GenerationRequest:
    prompt: str
    max_new_tokens: int
    temperature: float = 0.0  # 0 = greedy
    top_p: float = 1.0
    seed: int | None = None  # None: the engine picks one and reports it
    stop: tuple[str, ...] | None = None  # None: the adapter's generate.stop (e.g. </html>)
    system_prompt: str | None = None  # None: the adapter's (what it was trained with)


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
    finish_reason: str  # stop (end-of-turn or a stop string), length (max_new_tokens), time_limit, cancelled
    seed: int
    latency_ms: int  # from submit to the last token, queue wait included
    queue_ms: int
    parts: int = 1  # generation windows the page took (more than 1 only with generate.max_continuations)


@dataclass
class Page:
    """A request whose page may go on past one window (the adapter's generate.max_continuations):
    what earlier windows kept and what the client has been streamed. A window that hits
    max_new_tokens is cut back to its last cut and continued with evaluate's prompt
    (``prompting.continuation_prompt``), so what was cut back must not have been streamed yet."""

    parts: int  # the page limit: 1 + max_continuations
    prompt_tokens: int  # the request's own prompt
    part: int = 1
    text: str = ""  # the page before this window, as kept (ends at a cut)
    completion_tokens: int = 0  # generated in earlier windows
    queue_ms: int | None = None  # the first window's wait
    sent: int = 0  # characters of the page streamed so far


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


Disconnected = Callable[[], bool]


class Job:
    """One submitted request: the worker fills it in, the request thread reads it."""

    def __init__(self, request: GenerationRequest, seed: int, prompt_ids: list[int], timeout: float,
                 streamer: TokenStreamer | None):
        self.request, self.seed, self.prompt_ids = request, seed, prompt_ids
        self.submitted = time.monotonic()
        self.deadline = self.submitted + timeout
        self.streamer = streamer
        self.cancelled = threading.Event()
        self.on_cancel: Callable[[Job], None] | None = None  # set by the queue while the job waits in it
        self.on_done: Callable[[], None] | None = None  # the engine's "one job fewer in hand", called once
        self._settle = threading.Lock()
        # Set when the page may be continued (the engine's max_continuations). Its windows are one
        # job: it finishes (and leaves the jobs in hand) only when its last window ends.
        self.page: Page | None = None
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

    def wait_started(self, disconnected: Disconnected | None = None) -> None:
        """Block until the worker takes this job; raise its error if it refused it (e.g. it waited
        in the queue past its deadline), so a stream can still answer with a proper status.
        ``disconnected`` (the server's "has the client gone?") cancels a job whose client left."""
        self._wait(self._started, disconnected, "the model did not start within the time limit")

    def result(self, disconnected: Disconnected | None = None) -> GenerationResult:
        self._wait(self._done, disconnected, "the model did not answer within the time limit")
        return self._result

    def _wait(self, event: threading.Event, disconnected: Disconnected | None, late: str) -> None:
        backstop = self.deadline + GRACE_S
        while not event.wait(POLL_S if disconnected else max(0.0, backstop - time.monotonic())):
            if disconnected is not None and disconnected():
                self.cancel()
                raise ClientGone("the client closed the connection")
            if time.monotonic() >= backstop:
                self.cancel()
                raise GenerationFailed(late)
        if self._error is not None:
            raise self._error

    def cancel(self) -> None:
        """Stop generating for this job (its client is gone); a no-op once it is done."""
        self.cancelled.set()
        if self.on_cancel is not None and not self._done.is_set():
            self.on_cancel(self)

    def start(self) -> None:
        self._started.set()

    def finish(self, result: GenerationResult) -> None:
        self._result = result
        self._end()

    def fail(self, error: BaseException) -> None:
        self._error = error
        self._started.set()
        self._end()

    def _end(self) -> None:
        with self._settle:
            if self._done.is_set():
                return
            # Before the client can learn that its answer is complete: a client that sends its next
            # request at once must find this one's place free.
            if self.on_done is not None:
                self.on_done()
            self._done.set()
        if self.streamer is not None:
            self.streamer.end()  # the stream ends (or a reader waiting for the next chunk wakes)


class JobQueue:
    """The jobs waiting for a slot in the batch (the engine bounds how many); a job cancelled while
    it waits (its client hung up) leaves it at once, so its place is free for the next request."""

    def __init__(self):
        self._jobs: deque[Job | None] = deque()
        self._changed = threading.Condition()
        self._closed = False

    def put(self, job: Job) -> None:
        with self._changed:
            if self._closed:
                raise EngineClosed("the model is shut down")
            self._jobs.append(job)
            self._changed.notify()
        job.on_cancel = self.discard

    def close(self) -> list[Job]:
        """Take out every waiting job and wake the worker with ``None`` (stop)."""
        with self._changed:
            jobs = [job for job in self._jobs if job is not None]
            self._closed = True
            self._jobs.clear()
            self._jobs.append(None)
            self._changed.notify()
        return jobs

    def take(self, most: int, max_tokens: int, block: bool, taken: int = 0,
             longest: int = 0) -> tuple[list[Job], bool]:
        """Up to ``most`` jobs from the head whose prompts, padded to the longest, come to at most
        ``max_tokens`` (one job always), and whether the queue was closed (the worker stops).
        ``taken`` prompts of at most ``longest`` tokens are already in the same prefill (continued
        pages' next windows): the cap counts them, and then no job is taken for certain."""
        with self._changed:
            while not self._jobs:
                if not block:
                    return [], False
                self._changed.wait()
            jobs = []
            while self._jobs and len(jobs) < most:
                head = self._jobs[0]
                if head is None:
                    return jobs, True
                wider = max(longest, len(head.prompt_ids))
                if (jobs or taken) and wider * (taken + len(jobs) + 1) > max_tokens:
                    break
                jobs.append(self._jobs.popleft())
                longest = wider
            return jobs, False

    def discard(self, job: Job) -> None:
        with self._changed:
            try:
                self._jobs.remove(job)
            except ValueError:
                return  # the worker has it already: the batch stops it at the next step
        job.fail(ClientGone("cancelled while waiting in the queue"))

    def qsize(self) -> int:
        return len(self._jobs)


# --------------------------------------------------------------------------- the running batch


class BatchLayer(DynamicLayer):
    """One layer's keys and values for the rows decoding together, in a buffer with room to grow.

    Rows are right-aligned: a shorter row is left-padded (masked out by the attention mask), so a
    decoding step writes one column for all rows. Joining rows rebuilds the buffer (once per
    request); leaving selects rows; ``trim`` drops leading columns no remaining row uses."""

    def __init__(self, parts: list[tuple[torch.Tensor, torch.Tensor]], capacity: int):
        super().__init__()
        width = max(keys.shape[-2] for keys, _ in parts)
        batch = sum(keys.shape[0] for keys, _ in parts)
        first = parts[0][0]
        self.capacity = capacity
        self._key_buffer = first.new_zeros((batch, first.shape[1], capacity, first.shape[-1]))
        self._value_buffer = parts[0][1].new_zeros((batch, parts[0][1].shape[1], capacity, parts[0][1].shape[-1]))
        row = 0
        for keys, values in parts:
            rows, length = keys.shape[0], keys.shape[-2]
            self._key_buffer[row:row + rows, :, width - length:width] = keys
            self._value_buffer[row:row + rows, :, width - length:width] = values
            row += rows
        self.dtype, self.device = first.dtype, first.device
        self.start, self.end = 0, width
        self.is_initialized = True
        self._views()

    def update(self, key_states: torch.Tensor, value_states: torch.Tensor, *args, **kwargs):
        end = self.end + key_states.shape[-2]
        if end > self.capacity:
            raise RuntimeError(f"KV cache full: {end} positions > capacity {self.capacity}")
        self._key_buffer[:, :, self.end:end] = key_states
        self._value_buffer[:, :, self.end:end] = value_states
        self.end = end
        self._views()
        return self.keys, self.values

    def _views(self) -> None:
        self.keys = self._key_buffer[:, :, self.start:self.end]
        self.values = self._value_buffer[:, :, self.start:self.end]

    def get_seq_length(self) -> int:
        return self.end - self.start

    def get_max_length(self) -> int:
        return self.capacity - self.start

    def batch_select_indices(self, indices: torch.Tensor) -> None:
        self._key_buffer = self._key_buffer[indices]
        self._value_buffer = self._value_buffer[indices]
        self._views()

    def trim(self, columns: int) -> None:
        self.start += columns
        self._views()


class Row:
    """One request in the running batch: its tokens so far and how it picks the next one."""

    def __init__(self, job: Job, generator: torch.Generator | None, stop: tuple[str, ...]):
        self.job, self.generator, self.stop = job, generator, stop  # no generator: greedy
        self.history = list(job.prompt_ids)  # what the penalties look at: prompt + answer so far
        self.new_ids: list[int] = []
        self.text: str | None = None  # the answer cut at its stop string, once one ends it
        self.started = time.monotonic()


class RunningBatch:
    """The rows decoding together: their cache, attention mask, next positions and next-token logits."""

    def __init__(self):
        self.rows: list[Row] = []
        self.cache: Cache | None = None
        self.mask = self.positions = self.logits = None

    def __len__(self) -> int:
        return len(self.rows)

    def join(self, rows: list[Row], prompt_cache: Cache, logits: torch.Tensor, mask: torch.Tensor,
             headroom: int) -> None:
        """Add rows prefilled together (their cache, last logits and left-padded attention mask);
        ``headroom`` = the most tokens any row may still write."""
        position = mask.sum(-1, keepdim=True)  # the next position of each row: its real tokens
        if not self.rows:
            parts = [[(layer.keys, layer.values)] for layer in prompt_cache.layers]
            self.mask, self.positions, self.logits = mask, position, logits
        else:
            parts = [[(old.keys, old.values), (new.keys, new.values)]
                     for old, new in zip(self.cache.layers, prompt_cache.layers, strict=True)]
            width = max(self.mask.shape[1], mask.shape[1])
            self.mask = torch.cat([_pad_left(self.mask, width), _pad_left(mask, width)])
            self.positions = torch.cat([self.positions, position])
            self.logits = torch.cat([self.logits, logits])
        width = self.mask.shape[1]
        self.cache = Cache(layers=[BatchLayer(layer_parts, width + headroom + 1) for layer_parts in parts])
        self.rows.extend(rows)

    def keep(self, keep: list[int]) -> None:
        """Only these rows go on; columns that every remaining row has as padding are dropped."""
        self.rows = [self.rows[i] for i in keep]
        if not self.rows:
            self.cache = self.mask = self.positions = self.logits = None
            return
        index = torch.tensor(keep, device=self.mask.device)
        self.mask, self.positions, self.logits = self.mask[index], self.positions[index], self.logits[index]
        for layer in self.cache.layers:
            layer.batch_select_indices(index)
        unused = int(self.mask.argmax(-1).min())  # leading zeros of the row with the least padding
        if unused:
            self.mask = self.mask[:, unused:]
            for layer in self.cache.layers:
                layer.trim(unused)


def shared_prefix(tokenizer, system: str) -> list[int]:
    """The token ids every prompt with this system prompt starts with (template + system prompt):
    what two prompts that differ from their first character have in common."""
    first, second = encode_prompt(tokenizer, "A", system), encode_prompt(tokenizer, "z", system)
    length = next((i for i, (a, b) in enumerate(zip(first, second)) if a != b), min(len(first), len(second)))
    return first[:length]


def _pad_left(mask: torch.Tensor, width: int) -> torch.Tensor:
    return torch.cat([mask.new_zeros((mask.shape[0], width - mask.shape[1])), mask], dim=-1)


# --------------------------------------------------------------------------- the engine


class Engine:
    """Owns the model and its tokenizer; decodes up to ``limits.max_batch`` requests together on a
    worker thread, the rest wait in a queue of ``limits.queue_size``.

    ``model`` is a causal LM called as in ``htmlgen.generation.decode_batch`` (tests pass a
    scripted fake). ``info`` describes where the weights came from (adapter, base, model card).
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
        # The penalties (repetition, n-gram ban, DRY) on each row's own history, built once (DRY's
        # breaker tokens take a pass over the vocabulary); sampling warpers are per request.
        self._penalties = warpers(dataclasses.replace(self.decoding, do_sample=False), tokenizer)
        self._device = getattr(model, "device", torch.device("cpu"))
        self._eos_ids = self._end_of_turn_ids()
        # Fast tokenizers may fail with "Already borrowed" when two threads encode at once.
        self._tokenizer_lock = threading.Lock()
        # The chat template and the adapter's system prompt open every default prompt (31 of the
        # ~50 tokens of serve_load's): their keys and values are computed once, on the first prefill.
        self._prefix_ids = shared_prefix(tokenizer, meta.system_prompt)
        self._prefix_kv: list[tuple[torch.Tensor, torch.Tensor]] | None = None
        self._queue = JobQueue()
        # Jobs submitted and not yet done (waiting, prefilling or generating): at most
        # max_batch + queue_size. Counted per job, not from the batch's rows, which still hold a
        # finished row until the end of its step, and miss one being prefilled.
        self._in_hand = 0
        self._in_hand_lock = threading.Lock()
        self._batch = RunningBatch()
        # Jobs whose page goes on in a new window (worker thread only): each takes the slot its last
        # window left, before any waiting request.
        self._continuations: deque[Job] = deque()
        self._closed = False
        self._device_error: str | None = None  # set when the accelerator failed (see _device_lost)
        self._accepted = 0  # requests ever queued: lets a test see that a refused one never was
        self._mean_job_s = 1.0  # moving average of generation time, for Retry-After
        self._worker = threading.Thread(target=self._work, name="htmlgen-generate", daemon=True)
        self._worker.start()

    # ---- called from request threads

    def submit(self, request: GenerationRequest, stream: bool = False) -> Job:
        """Queue a request; raises PromptTooLong, Overloaded (queue full) or EngineClosed at once."""
        if self._closed:
            raise self._closed_error()
        job = self._new_job(request, stream)
        if self.decoding.max_continuations:
            job.page = Page(parts=1 + self.decoding.max_continuations, prompt_tokens=len(job.prompt_ids))
        with self._in_hand_lock:
            if self._in_hand >= self.limits.max_batch + self.limits.queue_size:
                raise Overloaded(f"the generation queue is full ({self.limits.max_batch} generating, "
                                 f"{self.limits.queue_size} waiting); try again later", self.retry_after_s())
            self._in_hand += 1
        job.on_done = self._release
        try:
            self._queue.put(job)
        except EngineClosed:
            closed = self._closed_error()
            job.fail(closed)
            raise closed from None
        self._accepted += 1
        return job

    def _closed_error(self) -> EngineClosed:
        return EngineClosed(f"the model's device failed: {self._device_error}" if self._device_error
                            else "the model is shut down")

    def _release(self) -> None:
        with self._in_hand_lock:
            self._in_hand -= 1

    def _new_job(self, request: GenerationRequest, stream: bool) -> Job:
        """A request's Job: prompt formatted as in training and checked against the limit, seed chosen."""
        system = self.meta.system_prompt if request.system_prompt is None else request.system_prompt
        with self._tokenizer_lock:
            prompt_ids = encode_prompt(self.tokenizer, request.prompt, system)
        if len(prompt_ids) > self.limits.max_prompt_tokens:
            raise PromptTooLong(len(prompt_ids), self.limits.max_prompt_tokens)
        seed = request.seed if request.seed is not None else secrets.randbits(32)
        return Job(request, seed, prompt_ids, self.limits.timeout, self._new_streamer() if stream else None)

    def generate(self, request: GenerationRequest) -> GenerationResult:
        return self.submit(request).result()

    def retry_after_s(self) -> int:
        """Seconds until a slot is likely free: batches of waiting requests ahead times the mean generation time."""
        rounds = self._queue.qsize() // self.limits.max_batch + 1
        return max(1, min(math.ceil(self._mean_job_s * rounds), math.ceil(self.limits.timeout)))

    def status(self) -> dict[str, Any]:
        return {
            "model_loaded": not self._closed and self._worker.is_alive(),
            "generating": len(self._batch),
            "waiting": self._queue.qsize(),  # not yet in the batch (a burst waits for its prefills)
            "max_batch": self.limits.max_batch,
            "queue_size": self.limits.queue_size,
            "accepted": self._accepted,
            **({"error": self._device_error} if self._device_error else {}),
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
            "adapter_merged_at_load": bool(self.info.get("adapter_merged_at_load")),
            "weights_column_major": int(self.info.get("weights_column_major", 0)),
            "system_prompt": self.meta.system_prompt,
            "max_seq_len": self.meta.max_seq_len,
            "lora": self.meta.lora,
            "quant": self.meta.quant,
            "metrics": self.meta.metrics,
            "model_card": self.info.get("model_card", {}),
            "limits": self.limits.to_dict(),
        }

    def close(self) -> None:
        """Stop the worker: rows in hand end as cancelled, waiting jobs fail with EngineClosed."""
        if self._closed:
            return
        self._closed = True
        for job in self._queue.close():
            job.fail(EngineClosed("the model is shut down"))
        for row in list(self._batch.rows):
            row.job.cancel()
        self._worker.join(timeout=GRACE_S)

    # ---- the worker thread

    def _work(self) -> None:
        with torch.inference_mode():
            stopping = False
            while not (stopping and not self._batch and not self._continuations):
                # Continued pages go on after close too: _new_row ends each as cancelled.
                stopping = self._admit(stopping) or stopping
                if self._batch:
                    self._step_safely()

    def _admit(self, stopping: bool = False) -> bool:
        """Prefill waiting jobs into free slots, those that arrived together in one forward pass of
        at most ``limits.max_prefill_tokens`` (padding included), so a burst gets its first tokens
        sooner while running rows wait one prefill, not one per request, for their next token
        (blocks while nothing is generating); True on close. Continued pages' next windows come
        first, in the same pass: each takes the slot its last window left."""
        free = self.limits.max_batch - len(self._batch)
        if free <= 0:
            return False
        jobs, longest = [], 0
        while self._continuations and len(jobs) < free:
            wider = max(longest, len(self._continuations[0].prompt_ids))
            if jobs and wider * (len(jobs) + 1) > self.limits.max_prefill_tokens:
                break
            jobs.append(self._continuations.popleft())
            longest = wider
        closing = False
        if not stopping and not self._continuations and len(jobs) < free:
            # Block only with nothing to decode and no window to prefill.
            more, closing = self._queue.take(free - len(jobs), self.limits.max_prefill_tokens,
                                             block=not self._batch and not jobs, taken=len(jobs), longest=longest)
            jobs += more
        rows = [row for row in map(self._new_row, jobs) if row is not None]
        if rows:
            self._start(rows)
        return closing

    def _start(self, rows: list[Row]) -> None:
        try:
            prompt_cache, logits, mask = self._prefill([row.job.prompt_ids for row in rows])
        except Exception as err:  # a bug or an OOM must not kill the worker: report it, go on
            if self._device_lost(err):
                for row in rows + self._batch.rows:  # the running rows too: their device is gone
                    row.job.fail(GenerationFailed(f"generation failed: {type(err).__name__}"))
                self._batch = RunningBatch()
                return
            if len(rows) > 1:  # only the request that fails should: the others go on alone
                for row in rows:
                    self._start([row])
                return
            log.exception("prefill failed")
            rows[0].job.fail(GenerationFailed(f"generation failed: {type(err).__name__}"))
            return
        headroom = max([row.job.request.max_new_tokens for row in rows]
                       + [r.job.request.max_new_tokens - len(r.new_ids) for r in self._batch.rows])
        self._batch.join(rows, prompt_cache, logits, mask, headroom)
        for row in rows:
            row.job.start()

    def _new_row(self, job: Job) -> Row | None:
        """The job's row in the batch, or None when it fails here (its client left, or it waited
        in the queue past its deadline)."""
        try:
            started = time.monotonic()
            if job.page is not None and job.page.part > 1 and (
                    job.cancelled.is_set() or self._closed or started >= job.deadline):
                self._finish_page(job, "", 0, "time_limit" if started >= job.deadline else "cancelled", started)
                return None
            if job.cancelled.is_set():
                raise ClientGone("cancelled before it started")
            if started >= job.deadline:
                raise Overloaded(f"waited {started - job.submitted:.0f} s in the queue, past the time limit",
                                 self.retry_after_s())
        except EngineError as err:
            job.fail(err)
            return None
        request = job.request
        stop = tuple(self.decoding.stop) if request.stop is None else tuple(request.stop)
        if request.temperature <= 0:
            return Row(job, None, stop)
        # Window k of a continued page draws with seed + k - 1, as evaluate's generate_pages does.
        window = job.page.part - 1 if job.page is not None else 0
        return Row(job, torch.Generator(device=self._device).manual_seed(job.seed + window), stop)

    def _prefill(self, prompts: list[list[int]]) -> tuple[Cache, torch.Tensor, torch.Tensor]:
        """Prompts left-padded to the longest in one forward pass: their cache, last logits and mask.
        The padding is masked and positions count real tokens only, so each row's logits are the
        ones it gets alone (to float rounding). When all start with the shared prefix, only the
        rest is computed, after a copy of the prefix's keys and values: [prefix][padding][rest]."""
        start = len(self._prefix_ids)
        if not (start and all(len(p) > start and p[:start] == self._prefix_ids for p in prompts)):
            start = 0
        prefix = self._shared_kv() if start else None
        if prefix is None:
            start = 0
        rests = [p[start:] for p in prompts]
        width = max(map(len, rests))
        ids = torch.zeros((len(prompts), width), dtype=torch.long, device=self._device)
        mask = torch.zeros((len(prompts), start + width), dtype=torch.long, device=self._device)
        mask[:, :start] = 1
        for i, rest in enumerate(rests):
            ids[i, width - len(rest):] = torch.tensor(rest)
            mask[i, start + width - len(rest):] = 1
        cache = kv_cache(self.model, start + width)
        for layer, (keys, values) in zip(cache.layers, prefix, strict=True) if prefix else ():
            layer.update(keys.expand(len(prompts), -1, -1, -1), values.expand(len(prompts), -1, -1, -1))
        positions = (mask.cumsum(-1) - 1).clamp(min=0)[:, start:]
        logits = self.model(input_ids=ids, attention_mask=mask, position_ids=positions, past_key_values=cache,
                            use_cache=True, logits_to_keep=1).logits[:, -1].float()
        return cache, logits, mask

    def _shared_kv(self) -> list[tuple[torch.Tensor, torch.Tensor]] | None:
        """The shared prefix's keys and values per layer, or None where the model's cache is not
        our preallocated one (sliding or hybrid attention: transformers' own cache)."""
        if self._prefix_kv is None:
            ids = torch.tensor([self._prefix_ids], device=self._device)
            cache = kv_cache(self.model, ids.shape[1])
            if not is_preallocated(cache):
                self._prefix_ids = []
                return None
            self.model(input_ids=ids, attention_mask=torch.ones_like(ids), past_key_values=cache, use_cache=True,
                       logits_to_keep=1)
            self._prefix_kv = [(layer.keys.clone(), layer.values.clone()) for layer in cache.layers]
        return self._prefix_kv

    def _step_safely(self) -> None:
        try:
            self._step()
        except Exception as err:  # the batch is lost, the worker is not
            log.exception("generation failed")
            for row in self._batch.rows:
                row.job.fail(GenerationFailed(f"generation failed: {type(err).__name__}"))
            self._batch = RunningBatch()
            self._device_lost(err)

    def _device_lost(self, err: Exception) -> bool:
        """Whether ``err`` is an accelerator's (a CUDA device-side assert, an illegal memory access);
        if so, shut the engine down. Such an error leaves the device unusable to this process: every
        later request would fail while /api/health said ok. Closed, health answers 503 with the
        error, so a supervisor can restart the server; waiting requests fail at once. (An ordinary
        error, or running out of memory, fails only the requests it hit.)"""
        if not isinstance(err, getattr(torch, "AcceleratorError", ())):
            return False
        if self._device_error:  # the first error is the one to report
            return True
        self._device_error = f"{type(err).__name__}: {err}"[:300]
        log.critical("the accelerator failed: the engine shuts down; restart the server", exc_info=err)
        self._closed = True
        for job in self._queue.close():
            job.fail(self._closed_error())
        return True

    def _step(self) -> None:
        """Each row picks its next token from its logits; finished rows leave; one forward pass for the rest."""
        batch = self._batch
        tokens, keep = [], []
        for i, (row, token) in enumerate(zip(batch.rows, self._next_tokens(batch), strict=True)):
            row.new_ids.append(token)
            row.history.append(token)
            reason = self._finish_reason(row, token)
            if reason == "stop_string":  # the answer ends with the stop string, not the rest of its token
                text = self.tokenizer.decode(row.new_ids, **DECODE_KWARGS)
                row.text = text[:min(text.index(s) + len(s) for s in row.stop if s in text)]
            streamer = row.job.streamer
            if streamer is not None and row.job.page is not None:
                self._stream_page(row, reason)
            elif streamer is not None and row.text is None:
                streamer.put(torch.tensor([token]))
            elif streamer is not None:
                streamer.on_finalized_text(row.text[streamer.print_len:])
                streamer.print_len = len(row.text)
            if reason is None:
                keep.append(i)
                tokens.append(token)
            else:
                self._finish(row, reason)
        if len(keep) < len(batch):
            batch.keep(keep)
        if not batch:
            return
        batch.mask = torch.cat([batch.mask, batch.mask.new_ones((len(batch), 1))], dim=-1)
        inputs = torch.tensor(tokens, device=batch.mask.device)[:, None]
        batch.logits = self.model(input_ids=inputs, attention_mask=batch.mask, position_ids=batch.positions,
                                  past_key_values=batch.cache, use_cache=True).logits[:, -1].float()
        batch.positions = batch.positions + 1

    def _next_tokens(self, batch: RunningBatch) -> list[int]:
        """Every row's next token: penalties on its own history, then greedy, or its own
        temperature / top_p, the adapter's min_p and its own seeded draw (sampling.py)."""
        scores = penalise(batch.logits, [row.history for row in batch.rows], self._penalties)
        chosen = scores.argmax(-1)
        sampled = [i for i, row in enumerate(batch.rows) if row.generator is not None]
        if sampled:
            rows = [batch.rows[i] for i in sampled]
            index = torch.tensor(sampled, device=scores.device)
            warped = warp(scores[index], [r.job.request.temperature for r in rows],
                          [r.job.request.top_p for r in rows], self.decoding.min_p)
            chosen[index] = draw(warped, [r.generator for r in rows])
        return chosen.tolist()

    def _finish_reason(self, row: Row, token: int) -> str | None:
        if token in self._eos_ids:
            return "stop"
        if row.stop and hit_stop_string(self.tokenizer, row.new_ids, row.stop):
            return "stop_string"
        if row.job.cancelled.is_set():
            return "cancelled"
        if time.monotonic() >= row.job.deadline:
            return "time_limit"
        if len(row.new_ids) >= row.job.request.max_new_tokens:
            return "length"
        return None

    def _finish(self, row: Row, reason: str) -> None:
        finished = time.monotonic()
        job = row.job
        self._mean_job_s = 0.8 * self._mean_job_s + 0.2 * (finished - row.started)
        if job.page is not None:
            window = self.tokenizer.decode(row.new_ids, **DECODE_KWARGS) if row.text is None else row.text
            if job.page.queue_ms is None:
                job.page.queue_ms = round((row.started - job.submitted) * 1000)
            if reason == "length" and job.page.part < job.page.parts:
                self._continue(job, window, len(row.new_ids))
            else:
                self._finish_page(job, window, len(row.new_ids), reason, finished)
            return
        job.finish(GenerationResult(
            html=self.tokenizer.decode(row.new_ids, **DECODE_KWARGS) if row.text is None else row.text,
            prompt_tokens=len(job.prompt_ids),
            completion_tokens=len(row.new_ids),
            finish_reason="stop" if reason == "stop_string" else reason,  # as OpenAI's API reports a stop string
            seed=job.seed,
            latency_ms=round((finished - job.submitted) * 1000),
            queue_ms=round((row.started - job.submitted) * 1000),
        ))

    # ---- pages continued past one window (generate.max_continuations)

    def _stream_page(self, row: Row, reason: str | None) -> None:
        """Stream a continuable page up to its last cut only: continuing cuts the window back there
        and the next window writes the rest again. The last window streams everything."""
        page = row.job.page
        text = page.text + (self.tokenizer.decode(row.new_ids, **DECODE_KWARGS) if row.text is None else row.text)
        upto = len(text)
        if page.part < page.parts and reason in (None, "length"):
            cuts = [cut.offset for cut in cut_points(text) if cut.offset > len(page.text)]
            upto = cuts[-1] if cuts else len(page.text)  # no cut yet: _continue keeps it all and sends it
        elif reason is None and text.endswith("\ufffd"):
            return  # the rest of this character comes with the next token
        self._send(row.job, text, upto)

    def _send(self, job: Job, text: str, upto: int) -> None:
        if job.streamer is not None and upto > job.page.sent:
            job.streamer.on_finalized_text(text[job.page.sent:upto])
            job.page.sent = upto

    def _continue(self, job: Job, window: str, window_tokens: int) -> None:
        """Queue the page's next window, prompted as evaluate continues a page (same function)."""
        page = job.page
        system = self.meta.system_prompt if job.request.system_prompt is None else job.request.system_prompt
        with self._tokenizer_lock:
            ids, kept = continuation_prompt(self.tokenizer, job.request.prompt, system, page.text + window,
                                            page.part + 1, page.parts, self.meta.context_tokens, len(page.text))
        self._send(job, kept, len(kept))  # a window without a cut is kept whole: it was held back until now
        page.text, page.part = kept, page.part + 1
        page.completion_tokens += window_tokens
        job.prompt_ids = ids
        # Not finished: the page stays one job in hand (on_done fires when its last window ends),
        # so a request sent between two windows cannot take its place.
        self._continuations.append(job)

    def _finish_page(self, job: Job, window: str, window_tokens: int, reason: str, finished: float) -> None:
        page = job.page
        text = page.text + window
        self._send(job, text, len(text))
        job.finish(GenerationResult(
            html=text, prompt_tokens=page.prompt_tokens, completion_tokens=page.completion_tokens + window_tokens,
            finish_reason="stop" if reason == "stop_string" else reason, seed=job.seed,
            latency_ms=round((finished - job.submitted) * 1000),
            queue_ms=page.queue_ms if page.queue_ms is not None else round((finished - job.submitted) * 1000),
            parts=page.part))

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
        return TokenStreamer(self.tokenizer, skip_prompt=False, timeout=self.limits.timeout + GRACE_S,
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


def merge_unless_quantized(model, meta: ExportMeta):
    """Base + adapter merged as evaluate merged it (``modeling.merge_when_exact``: into float32
    weights only), for the quantization the adapter was trained with."""
    from htmlgen.config import QuantConfig
    from htmlgen.modeling import merge_when_exact

    return merge_when_exact(model, build(QuantConfig, meta.quant, "quant"))


def load_engine(config: ServeConfig) -> Engine:
    """Load base + adapter (or the merged weights) once, in the dtype the base was saved in, and start the worker."""
    from htmlgen.modeling import load_exported

    model, tokenizer, meta = load_exported(config.adapter, config.base, merged=config.merged)
    if config.merge_adapter and not config.merged:
        model = merge_unless_quantized(model, meta)
    from htmlgen.generation import use_decode_layout

    # The server only decodes (prefill batches are capped by max_prefill_tokens): column-major
    # weights make its few-row steps faster on a CPU (benchmarks/serve_engine_ab.py --field weights_layout).
    relaid = use_decode_layout(model) if config.column_major_weights else 0
    # Names and relative paths only: /api/info is public, the server's filesystem is not.
    info = {
        "adapter": Path(config.adapter).name,
        "merged": config.merged,
        "adapter_merged_at_load": not config.merged and not hasattr(model, "peft_config"),
        "weights_column_major": relaid,  # linear weights re-laid for decoding (htmlgen.generation.use_decode_layout)
        "base_path": (meta.merged_path if config.merged else
                      Path(config.base).name if config.base else meta.base_path),
        "model_card": read_model_card(config.adapter),
    }
    log.info("loaded %s + %s", config.base or meta.base_path, config.adapter)
    return Engine(model, tokenizer, meta, config.limits, info)
