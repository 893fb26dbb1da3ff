"""The engine alone (no Flask): prompt format, seeding, streaming, the queue, deadlines."""

from __future__ import annotations

import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import torch

from htmlgen.modeling import load_exported
from htmlgen.prompting import encode_prompt
from htmlgen.serve.engine import (
    DECODE_KWARGS,
    Engine,
    EngineClosed,
    GenerationFailed,
    GenerationRequest,
    Overloaded,
    PromptTooLong,
    TokenStreamer,
)

pytest.register_assert_rewrite("conftest_serve")
from conftest_serve import wait_until  # noqa: E402

pytest_plugins = ["conftest_serve"]

PROMPT = "A landing page with a pricing table"


def sampled(seed: int, max_new_tokens: int = 24, prompt: str = PROMPT) -> GenerationRequest:
    return GenerationRequest(prompt, max_new_tokens, temperature=1.0, top_p=1.0, seed=seed)


def test_prompt_uses_the_shared_format_and_the_adapters_system_prompt(tiny_engine):
    job = tiny_engine.submit(GenerationRequest(PROMPT, 4, temperature=0.0))
    job.result()
    assert tiny_engine.meta.system_prompt == "You write HTML."  # from the adapter's htmlgen.json
    assert job.prompt_ids == encode_prompt(tiny_engine.tokenizer, PROMPT, "You write HTML.")
    text = tiny_engine.tokenizer.decode(job.prompt_ids)
    assert "You write HTML." in text and PROMPT in text and text.endswith("<|im_start|>assistant\n")


def test_greedy_answer_equals_plain_generate_on_the_exported_adapter(tiny_engine, tiny_adapter_dir):
    result = tiny_engine.generate(GenerationRequest(PROMPT, 20, temperature=0.0, seed=123))
    model, tokenizer, meta = load_exported(tiny_adapter_dir)  # an independent copy of the same weights
    ids = torch.tensor([encode_prompt(tokenizer, PROMPT, meta.system_prompt)])
    output = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), do_sample=False,
                            max_new_tokens=20, eos_token_id=tokenizer.eos_token_id,
                            pad_token_id=tokenizer.pad_token_id)
    new_ids = output[0, ids.shape[1]:].tolist()
    assert result.html == tokenizer.decode(new_ids, **DECODE_KWARGS)
    assert result.completion_tokens == len(new_ids)
    assert result.prompt_tokens == ids.shape[1]
    assert result.finish_reason == ("stop" if new_ids[-1] == tokenizer.eos_token_id else "length")


def test_the_server_decodes_with_the_adapter_merged_into_the_base(tiny_engine, tiny_adapter_dir):
    """The engine's model is plain transformers (no peft layers left to run at each step), and its
    logits are those of base + adapter in float32 (the greedy answer above is the adapter's too)."""
    from peft import PeftModel

    assert not isinstance(tiny_engine.model, PeftModel)
    assert not any("lora" in name for name, _ in tiny_engine.model.named_parameters())
    assert tiny_engine.describe()["adapter_merged_at_load"] is True
    assert tiny_engine.describe()["weights_column_major"] >= 7  # decoding layout, same values (logits below)
    assert not tiny_engine.model.model.layers[0].mlp.down_proj.weight.is_contiguous()
    adapter, tokenizer, meta = load_exported(tiny_adapter_dir)
    assert isinstance(adapter, PeftModel)
    ids = torch.tensor([encode_prompt(tokenizer, PROMPT, meta.system_prompt)])
    with torch.no_grad():
        merged_logits, adapter_logits = tiny_engine.model(input_ids=ids).logits, adapter(input_ids=ids).logits
        with adapter.disable_adapter():
            base_logits = adapter(input_ids=ids).logits
    assert (adapter_logits - base_logits).abs().max() > 0.1  # the adapter matters...
    torch.testing.assert_close(merged_logits, adapter_logits, rtol=0, atol=1e-4)  # ...and the merge keeps it


def test_merge_adapter_off_serves_the_peft_layers(tiny_adapter_dir):
    from peft import PeftModel

    from htmlgen.serve.engine import load_engine
    from htmlgen.serve.settings import ServeConfig

    engine = load_engine(ServeConfig(adapter=str(tiny_adapter_dir), merge_adapter=False))
    try:
        assert isinstance(engine.model, PeftModel) and engine.describe()["adapter_merged_at_load"] is False
    finally:
        engine.close()


def test_column_major_weights_off_keeps_the_weights_as_loaded(tiny_adapter_dir):
    from htmlgen.generation import decode_linears
    from htmlgen.serve.engine import load_engine
    from htmlgen.serve.settings import ServeConfig

    engine = load_engine(ServeConfig(adapter=str(tiny_adapter_dir), column_major_weights=False))
    try:
        assert engine.describe()["weights_column_major"] == 0
        assert all(w.is_contiguous() for w in decode_linears(engine.model))
    finally:
        engine.close()


def test_same_seed_same_answer_other_seeds_differ(tiny_engine):
    first = [tiny_engine.generate(sampled(seed)).html for seed in (1, 2, 3)]
    again = [tiny_engine.generate(sampled(seed)).html for seed in (1, 2, 3)]
    assert first == again
    assert len(set(first)) == 3


def test_greedy_ignores_the_seed(tiny_engine):
    answers = {tiny_engine.generate(GenerationRequest(PROMPT, 12, temperature=0.0, seed=s)).html for s in (1, 2)}
    assert len(answers) == 1


def test_streamed_chunks_add_up_to_the_answer(tiny_engine):
    job = tiny_engine.submit(sampled(7, max_new_tokens=48), stream=True)
    chunks = list(job.chunks())
    result = job.result()
    assert len(chunks) > 5  # streamed as it went, not in one piece
    assert "".join(chunks) == result.html
    assert result.html == tiny_engine.generate(sampled(7, max_new_tokens=48)).html


def test_token_streamer_emits_every_token_and_holds_back_split_characters(tiny_engine):
    tokenizer = tiny_engine.tokenizer
    text = "<section><h1>Café:5€</h1><ul><li>One</li><li>Two</li></ul></section>"  # no space to wait for
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    streamer = TokenStreamer(tokenizer, skip_prompt=False, timeout=1, **DECODE_KWARGS)
    for token in ids:
        streamer.put(torch.tensor([token]))
    streamer.end()
    chunks = [chunk for chunk in streamer if chunk]
    assert "".join(chunks) == text
    assert not any("\ufffd" in chunk for chunk in chunks)  # a split é or € is never sent half-done
    split_tokens = sum("\ufffd" in tokenizer.decode([token]) for token in ids)
    assert len(chunks) >= len(ids) - split_tokens  # one chunk per token that completes a character


def test_concurrent_jobs_match_their_solo_answers(tiny_engine):
    seeds = [11, 12, 13, 14, 15, 16]
    solo = {seed: tiny_engine.generate(sampled(seed)).html for seed in seeds}
    start = threading.Barrier(len(seeds))

    def run(seed: int) -> str:
        start.wait()
        if seed % 2:  # mix streamed and plain jobs
            job = tiny_engine.submit(sampled(seed), stream=True)
            text = "".join(job.chunks())
            assert text == job.result().html
            return text
        return tiny_engine.generate(sampled(seed)).html

    with ThreadPoolExecutor(len(seeds)) as pool:
        together = dict(zip(seeds, pool.map(run, seeds)))
    assert together == solo
    assert len(set(solo.values())) == len(seeds)


def test_full_queue_refuses_at_once(scripted_engine):
    engine = scripted_engine("<p>slow</p>" * 10, seconds_per_token=0.05, max_batch=1, queue_size=1)
    running = engine.submit(GenerationRequest("first", 40))
    wait_until(lambda: engine.status()["generating"] == 1)
    waiting = engine.submit(GenerationRequest("second", 40))
    with pytest.raises(Overloaded) as refused:  # submit never blocks: the queue refuses at once
        engine.submit(GenerationRequest("third", 40))
    assert refused.value.retry_after_s >= 1
    assert "1 generating, 1 waiting" in str(refused.value)
    assert engine.status() == {"model_loaded": True, "generating": 1, "waiting": 1, "max_batch": 1,
                               "queue_size": 1, "accepted": 2}  # the third was never queued
    assert not running._done.is_set()  # refused while the first was still generating
    running.cancel()
    waiting.cancel()


def test_deadline_stops_generation(scripted_engine):
    engine = scripted_engine("<li>item</li>" * 50, seconds_per_token=0.02, timeout=0.5)
    result = engine.generate(GenerationRequest("a long list", 64))
    assert result.finish_reason == "time_limit"
    assert 0 < result.completion_tokens < 64


def test_a_request_joins_the_running_batch_and_leaves_it_when_done(scripted_engine):
    engine = scripted_engine("<p>line</p>" * 30, seconds_per_token=0.02, max_batch=4)
    long = engine.submit(GenerationRequest("long", 64), stream=True)
    chunks = long.chunks()
    next(chunks)  # the long one is generating
    short = engine.submit(GenerationRequest("short", 5))
    assert short.result().completion_tokens == 5
    assert not long._done.is_set()  # it did not wait for the long one to end...
    assert short.result().queue_ms < long.result().latency_ms
    rest = "".join(chunks)
    assert long.result().completion_tokens == 64 and rest
    steps = engine.model.steps
    assert steps[0] == 1 and 2 in steps and steps[-1] == 1  # ...it joined between steps and left after 5
    assert steps.count(2) == 4  # its first token comes from its prefill, its next 4 from shared steps


def test_max_batch_caps_the_rows_decoded_together(scripted_engine):
    engine = scripted_engine("<p>x</p>" * 10, seconds_per_token=0.02, max_batch=2, queue_size=5)
    jobs = [engine.submit(GenerationRequest(f"page {i}", 12)) for i in range(5)]
    assert [job.result().completion_tokens for job in jobs] == [12] * 5
    assert max(engine.model.steps) == 2 and engine.model.calls == 5


class Gated:
    """The real model, its decoding steps held until ``gate`` opens and their batch sizes recorded:
    so requests submitted one after another surely meet in one running batch."""

    def __init__(self, model):
        self.model, self.gate, self.at_gate, self.steps = model, threading.Event(), threading.Event(), []
        self.prefills: list[int] = []  # rows in each prefill
        self.calls: list[tuple[str, int]] = []  # both, in order
        self.widths: list[int] = []  # tokens fed per row, each call

    def __call__(self, input_ids, **kwargs):
        self.widths.append(input_ids.shape[1])
        if not kwargs["past_key_values"].get_seq_length():  # the engine's shared prefix, once
            self.calls.append(("prefix", input_ids.shape[0]))
        elif input_ids.shape[1] == 1:
            self.at_gate.set()
            assert self.gate.wait(30), "the test never opened the gate"
            self.steps.append(input_ids.shape[0])
            self.calls.append(("step", input_ids.shape[0]))
        else:
            self.prefills.append(input_ids.shape[0])
            self.calls.append(("prefill", input_ids.shape[0]))
        return self.model(input_ids=input_ids, **kwargs)

    def __getattr__(self, name):
        return getattr(self.model, name)


def test_greedy_answer_is_the_same_alone_and_in_a_batch(tiny_engine):
    """Prompts of different lengths, joining a batch at different steps, with other settings beside
    them (a sampled row, a short budget): each answer is its solo answer."""
    prompts = ["A pricing table", "A landing page for a bakery with a menu, opening hours and a map",
               "A login form", "An FAQ page with five questions about shipping and returns"]
    # Greedy rows, and sampled ones: the tiny random model's greedy picks barely depend on the
    # context, its sampled ones do, so a wrong mask or position shows up there.
    # Sampled rows with top_p / a low temperature draw among a few candidates, the others among all.
    requests = [GenerationRequest(p, 24, temperature=0.0) for p in prompts] + [
        sampled(seed, max_new_tokens=20, prompt=p) for seed, p in enumerate(prompts)] + [
        GenerationRequest(p, 20, temperature=t, top_p=top_p, seed=seed)
        for seed, (p, t, top_p) in enumerate(zip(prompts, (0.3, 0.7, 1.0, 0.5), (0.8, 0.5, 0.9, 1.0), strict=True))
    ] + [GenerationRequest(PROMPT, 3)]
    solo = [tiny_engine.generate(r) for r in requests]
    model = Gated(tiny_engine.model)
    # All that wait are prefilled in one forward pass, left-padded to the longest prompt.
    limits = dataclasses.replace(tiny_engine.limits, max_prefill_tokens=100 * tiny_engine.limits.max_prompt_tokens)
    engine = Engine(model, tiny_engine.tokenizer, tiny_engine.meta, limits)
    try:
        first = engine.submit(requests[0], stream=True)
        assert model.at_gate.wait(30)  # the first is decoding alone; its first step waits at the gate
        jobs = [first] + [engine.submit(r) for r in requests[1:]]
        model.gate.set()  # the rest join the batch the first is decoding in, after its first step
        "".join(first.chunks())
        together = [job.result() for job in jobs]
    finally:
        engine.close()
    assert model.steps[:2] == [1, len(requests)]  # they did decode together
    assert model.prefills[:2] == [1, len(requests) - 1]  # the first alone, the rest in one padded pass
    assert [r.html for r in together] == [r.html for r in solo]
    assert [r.completion_tokens for r in together] == [r.completion_tokens for r in solo]
    assert len({r.html for r in solo}) >= 10  # different answers, which a mix-up of rows would swap
    assert (together[-1].completion_tokens, together[-1].finish_reason) == (3, "length")


def test_waiting_requests_are_prefilled_together_up_to_the_token_cap(tiny_engine):
    """Requests that wait are prefilled in one forward pass of at most max_prefill_tokens (here
    three prompts' worth), and the running rows take a decoding step between two such passes."""
    prompts = [f"page {i}" for i in range(8)]
    longest = max(len(encode_prompt(tiny_engine.tokenizer, p, tiny_engine.meta.system_prompt)) for p in prompts)
    model = Gated(tiny_engine.model)
    limits = dataclasses.replace(tiny_engine.limits, max_prefill_tokens=3 * longest)
    engine = Engine(model, tiny_engine.tokenizer, tiny_engine.meta, limits)
    try:
        first = engine.submit(GenerationRequest(prompts[0], 12, temperature=0.0))
        assert model.at_gate.wait(30)
        jobs = [first] + [engine.submit(GenerationRequest(p, 12, temperature=0.0)) for p in prompts[1:]]
        model.gate.set()
        assert [job.result().completion_tokens for job in jobs] == [12] * 8  # the tiny model never stops early
    finally:
        engine.close()
    assert model.prefills == [1, 3, 3, 1]
    assert model.calls[:9] == [("prefix", 1), ("prefill", 1), ("step", 1), ("prefill", 3), ("step", 4),
                               ("prefill", 3), ("step", 7), ("prefill", 1), ("step", 8)]


def test_prompts_prefill_only_what_follows_the_shared_system_prompt(tiny_engine, tiny_adapter_dir):
    """The template + system prompt every default request starts with is computed once; a prompt's
    prefill feeds only the rest, and the answer is the one a full prefill gives (generate)."""
    from htmlgen.serve.engine import shared_prefix

    tokenizer, system = tiny_engine.tokenizer, tiny_engine.meta.system_prompt
    prefix = shared_prefix(tokenizer, system)
    assert len(prefix) > 5 and tokenizer.decode(prefix).endswith("user\n") and system in tokenizer.decode(prefix)
    model = Gated(tiny_engine.model)
    model.gate.set()
    engine = Engine(model, tokenizer, tiny_engine.meta, tiny_engine.limits)
    try:
        answers = [engine.generate(GenerationRequest(p, 8, temperature=0.0)) for p in ("A login form", PROMPT)]
        own = engine.generate(GenerationRequest(PROMPT, 8, temperature=0.0, system_prompt="Write HTML."))
    finally:
        engine.close()
    lengths = [len(encode_prompt(tokenizer, p, system)) for p in ("A login form", PROMPT)]
    prefills = [w for (kind, _), w in zip(model.calls, model.widths, strict=True) if kind != "step"]
    assert prefills == [len(prefix)] + [n - len(prefix) for n in lengths] + [own.prompt_tokens]  # the last: alone
    # The prefill's logits are those of the whole prompt, row by row, with the padding between the
    # prefix and the rest (the tiny model's greedy picks barely depend on positions: logits do).
    prompts = [encode_prompt(tokenizer, p, system) for p in ("A login form", PROMPT)]
    with torch.inference_mode():  # on this thread: the worker is idle between requests
        _, logits, mask = tiny_engine._prefill(prompts)
        for i, ids in enumerate(prompts):
            whole = tiny_engine.model(input_ids=torch.tensor([ids])).logits[0, -1]
            torch.testing.assert_close(logits[i], whole, rtol=0, atol=1e-4)
    assert mask.sum(-1).tolist() == lengths
    adapter, _, _ = load_exported(tiny_adapter_dir)
    for prompt, answer in zip(("A login form", PROMPT), answers, strict=True):
        ids = torch.tensor([encode_prompt(tokenizer, prompt, system)])
        full = adapter.generate(input_ids=ids, attention_mask=torch.ones_like(ids), do_sample=False, max_new_tokens=8,
                                eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)
        assert answer.html == tokenizer.decode(full[0, ids.shape[1]:], **DECODE_KWARGS)


def test_each_row_stops_at_its_own_stop_strings(scripted_engine):
    engine = scripted_engine("<p>a</p><p>b</p></html><p>after</p>", seconds_per_token=0.01, max_batch=4)
    jobs = [engine.submit(GenerationRequest("page", 40, stop=stop)) for stop in (None, ("<p>b",), ())]
    default, own, none = (job.result() for job in jobs)
    assert (default.html, default.finish_reason) == ("<p>a</p><p>b</p></html>", "stop")  # the adapter's </html>
    assert own.html.startswith("<p>a</p><p>b") and "</html>" not in own.html and own.finish_reason == "stop"
    assert none.html == "<p>a</p><p>b</p></html><p>after</p>" and none.finish_reason == "stop"  # end-of-turn
    assert 3 in engine.model.steps  # they ran in one batch


def test_job_that_waited_past_its_deadline_is_refused(scripted_engine):
    # Tokens 1 s apart: the first job stops at its deadline after its first step (1 s), after the
    # second one's deadline (0.5 s after it was submitted).
    engine = scripted_engine("<li>item</li>" * 50, seconds_per_token=1.0, timeout=0.5, max_batch=1, queue_size=2)
    first = engine.submit(GenerationRequest("first", 64))
    second = engine.submit(GenerationRequest("second", 64))
    assert first.result().finish_reason == "time_limit"
    with pytest.raises(Overloaded, match="in the queue"):
        second.result()
    assert engine.model.calls == 1  # the late job never reached the model


def test_cancel_stops_a_running_job(scripted_engine):
    engine = scripted_engine("<p>x</p>" * 40, seconds_per_token=0.02)
    job = engine.submit(GenerationRequest("p", 64), stream=True)
    next(job.chunks())
    job.cancel()
    result = job.result()
    assert result.finish_reason == "cancelled"
    assert result.completion_tokens < 64


def test_prompt_over_the_token_limit_is_refused(tiny_engine):
    with pytest.raises(PromptTooLong) as refused:
        tiny_engine.submit(GenerationRequest("table " * 200, 8))
    assert refused.value.limit == 96 and refused.value.prompt_tokens > 96
    assert "96" in str(refused.value)


def test_worker_survives_a_failing_generation(scripted_engine):
    engine = scripted_engine("<p>ok</p>", fail_on="explode")
    with pytest.raises(GenerationFailed, match="RuntimeError"):
        engine.generate(GenerationRequest("explode please", 8))
    streamed = engine.submit(GenerationRequest("explode again", 8), stream=True)
    assert list(streamed.chunks()) == []  # the stream ends instead of hanging
    with pytest.raises(GenerationFailed):
        streamed.result()
    assert engine.generate(GenerationRequest("fine", 8)).html == "<p>ok</p>"


def test_an_accelerator_error_shuts_the_engine_down(scripted_engine):
    """A CUDA device-side assert leaves the device unusable to the process: instead of failing every
    later request while /api/health says ok, the engine closes and says why (health: 503)."""
    engine = scripted_engine("<p>ok</p>", fail_on="explode", fail_with=torch.AcceleratorError)
    with pytest.raises(GenerationFailed, match="AcceleratorError"):
        engine.generate(GenerationRequest("explode please", 8))
    wait_until(lambda: engine.status()["model_loaded"] is False)
    assert "AcceleratorError" in engine.status()["error"]
    with pytest.raises(EngineClosed, match="device failed"):
        engine.submit(GenerationRequest("fine", 8))


def test_an_accelerator_error_while_decoding_fails_the_batch_and_shuts_down(scripted_engine):
    engine = scripted_engine("<p>ok</p>" * 8, fail_with=torch.AcceleratorError, fail_at_step=3, max_batch=4)
    jobs = [engine.submit(GenerationRequest(prompt, 30)) for prompt in ("one", "two")]
    for job in jobs:
        with pytest.raises(GenerationFailed, match="AcceleratorError"):
            job.result()
    wait_until(lambda: engine.status()["model_loaded"] is False)
    assert "AcceleratorError" in engine.status()["error"]


def test_a_failing_prompt_prefilled_with_others_fails_alone(scripted_engine):
    engine = scripted_engine("<p>ok</p>" * 8, seconds_per_token=0.02, fail_on="explode", max_batch=8)
    running = engine.submit(GenerationRequest("first", 30))
    wait_until(lambda: engine.status()["generating"] == 1)  # the rest arrive during its steps, prefilled together
    jobs = [engine.submit(GenerationRequest(p, 8)) for p in ("fine", "explode", "fine too")]
    with pytest.raises(GenerationFailed, match="RuntimeError"):
        jobs[1].result()
    assert [job.result().completion_tokens for job in (jobs[0], jobs[2], running)] == [8, 8, 30]


def test_closed_engine_refuses_and_fails_waiting_jobs(scripted_engine):
    engine = scripted_engine("<p>slow</p>" * 10, seconds_per_token=0.05, max_batch=1, queue_size=2)
    engine.submit(GenerationRequest("running", 40))
    wait_until(lambda: engine.status()["generating"] == 1)
    waiting = engine.submit(GenerationRequest("waiting", 40))
    engine.close()
    with pytest.raises(EngineClosed):
        waiting.result()
    with pytest.raises(EngineClosed):
        engine.submit(GenerationRequest("late", 4))
    assert engine.status()["model_loaded"] is False


def test_served_defaults_and_decoding_are_the_ones_evaluate_measured(tiny_adapter_dir):
    """One `generate` section: export copies it into htmlgen.json, the engine takes its defaults and
    its decoding (stop strings, loop penalty) from there, and a default request gets exactly the
    answer evaluate's generation gives for the same prompt."""
    import dataclasses

    from htmlgen.config import GenerateConfig, to_dict
    from htmlgen.generation import DryLogitsProcessor, generate_answers
    from htmlgen.serve.engine import Engine
    from htmlgen.serve.settings import Limits

    model, tokenizer, meta = load_exported(tiny_adapter_dir)
    looping = GenerateConfig(max_new_tokens=16, stop=[], do_sample=False, dry_multiplier=0.5, dry_allowed_length=6)
    free = generate_answers(model, tokenizer, [encode_prompt(tokenizer, PROMPT, meta.system_prompt)],
                            looping, batch_size=1)[0].text
    import re

    runs = re.findall(r"[ -~]{3,}", free[1:])  # printable text the model writes after its first token
    assert runs, f"the tiny model wrote no printable run to stop at: {free!r}"
    stop = runs[0][:3]  # it must end the answer
    measured = dataclasses.replace(looping, stop=[stop])
    meta = dataclasses.replace(meta, generate=to_dict(measured))
    engine = Engine(model, tokenizer, meta, Limits(max_new_tokens=64, queue_size=2, timeout=60))
    try:
        assert (engine.defaults.max_new_tokens, engine.defaults.temperature) == (16, 0.0)
        assert any(isinstance(p, DryLogitsProcessor) for p in engine._penalties)
        served = engine.generate(GenerationRequest(PROMPT, engine.defaults.max_new_tokens,
                                                   temperature=engine.defaults.temperature))
        evaluated = generate_answers(model, tokenizer, [encode_prompt(tokenizer, PROMPT, meta.system_prompt)],
                                     measured, batch_size=1)[0]
        assert evaluated.finish_reason == "stop_string" and evaluated.text.endswith(stop)
        assert served.html.strip() == evaluated.text and served.finish_reason == "stop"
    finally:
        engine.close()
    sampling = GenerateConfig(do_sample=True, temperature=0.6, top_p=0.8, max_new_tokens=900)
    engine = Engine(model, tokenizer, dataclasses.replace(meta, generate=to_dict(sampling)),
                    Limits(max_new_tokens=512, queue_size=2, timeout=60))
    try:  # the limit caps the measured budget; sampling settings become the request defaults
        assert (engine.defaults.max_new_tokens, engine.defaults.temperature, engine.defaults.top_p) == (512, 0.6, 0.8)
    finally:
        engine.close()


def test_a_burst_up_to_the_free_slots_plus_the_queue_is_accepted(scripted_engine):
    """Requests wait in the queue for their prefill too: a burst as large as the free batch slots
    plus the queue is accepted, not refused while slots are free."""
    engine = scripted_engine("<p>x</p>" * 10, seconds_per_token=0.02, max_batch=4, queue_size=1)
    jobs = [engine.submit(GenerationRequest(f"page {i}", 8)) for i in range(5)]  # no Overloaded
    assert [job.result().completion_tokens for job in jobs] == [8] * 5


def test_a_client_that_asks_again_the_moment_its_answer_ends_finds_its_place_free(scripted_engine):
    """The batch and the queue are full; a request that finishes frees its place before its client
    hears of it, even while the rest of that step still runs: serve_load's clients, which send the
    next request at once, got 503s there although they never had more than max_batch + queue_size
    requests in hand."""
    engine = scripted_engine("<p>x</p>" * 10, seconds_per_token=0.02, max_batch=2, queue_size=1)
    jobs = [engine.submit(GenerationRequest(f"page {i}", 6)) for i in range(3)]  # 2 generating, 1 waiting
    again: list = []
    finish = jobs[0].finish

    def finish_and_ask_again(result):  # runs on the worker, inside the step that ended the job
        finish(result)
        try:
            again.append(engine.submit(GenerationRequest("next page", 6)))
        except Overloaded as refused:
            again.append(refused)

    jobs[0].finish = finish_and_ask_again
    assert [job.result().completion_tokens for job in jobs] == [6] * 3
    assert not isinstance(again[0], Overloaded), again[0]
    assert again[0].result().completion_tokens == 6
    with pytest.raises(Overloaded):  # still full when it is: 3 in hand
        for i in range(4):
            engine.submit(GenerationRequest(f"burst {i}", 40))


# --------------------------------------------------------------------------- pages continued past one window


def test_a_page_that_hits_max_new_tokens_is_continued_into_one_document(tiny_base_dir):
    """With the adapter's generate.max_continuations, a served page that uses up its window goes on
    in new windows prompted exactly as evaluate's generate_pages prompts them (the chunk format the
    model was trained on, with htmlgen.json's chunk_context_tokens); the stream and the answer are
    the whole page, nothing lost or sent twice where windows meet."""
    from test_chunking import SYSTEM, Scripted

    from htmlgen.artifacts import ExportMeta
    from htmlgen.config import GenerateConfig, to_dict
    from htmlgen.generation import generate_pages
    from htmlgen.modeling import load_base_model, load_tokenizer
    from htmlgen.serve.engine import shared_prefix
    from htmlgen.serve.settings import Limits

    class Recording(Scripted):
        """The tiny model steered to write ``page``, noting each window's prompt; the first window's
        last tokens stray from the page (after its last cut), so continuing must drop them and a
        stream that sent them would not be the page."""

        prompts: list[list[int]]

        def forward(self, input_ids, **kwargs):
            ids, cache = input_ids[0].tolist(), kwargs.get("past_key_values")
            before = cache.get_seq_length() if cache is not None else 0  # the engine's shared prefix
            out = self.model(input_ids=input_ids, **kwargs)
            if input_ids.shape[1] > 1 and not before and ids == prefix:
                return out  # the engine computing the shared prefix, once: no window
            if input_ids.shape[1] > 1:  # prefill: a new window (batch size 1), after the prefix
                self.prompts.append(prefix[:before] + ids)
                self.sequence, self.written = prefix[:before] + ids, 0
            else:
                self.sequence.append(int(input_ids[0, -1]))
                self.written += 1
            stray = len(self.prompts) == 1 and self.written >= window - 6
            out.logits[0, -1, self.stray_id if stray else self.next_token()] += 1e4
            return out

    # test_chunking's long page, shorter: windows end inside the stylesheet and inside the body.
    page = ("<!DOCTYPE html>\n<html><head><style>\n"
            + "\n".join(f".c{i} {{ color: #{i:03d}; content: \"}};{i}\"; }}" for i in range(8))
            + "\n</style></head><body>\n"
            + "".join(f'<div class="card" id="d{i}"><p>Item {i} &amp; more</p></div>\n' for i in range(8))
            + "</body></html>")
    tokenizer = load_tokenizer(tiny_base_dir)
    prefix = shared_prefix(tokenizer, SYSTEM)  # served windows prefill only what follows it
    model = Recording(load_base_model(tiny_base_dir).eval(), tokenizer, page)
    model.stray_id = tokenizer("x", add_special_tokens=False)["input_ids"][0]  # no cut in a run of x
    window = 120
    config = GenerateConfig(max_new_tokens=window, stop=["</html>"], do_sample=False, dry_multiplier=0.0,
                            max_continuations=len(tokenizer(page)["input_ids"]) // (window // 2))
    model.prompts = []
    [evaluated] = generate_pages(model, tokenizer, ["A long page"], SYSTEM, config, batch_size=1, context_tokens=48)
    evaluate_prompts = model.prompts
    assert evaluated.text == page and evaluated.parts > 2  # the stray tokens were cut back

    def serve(config: GenerateConfig):
        meta = ExportMeta(base_model="tiny", base_path=str(tiny_base_dir), system_prompt=SYSTEM, max_seq_len=256,
                          generate=to_dict(config), long_examples="chunk", chunk_context_tokens=48)
        engine = Engine(model, tokenizer, meta, Limits(max_new_tokens=window, max_prompt_tokens=256, timeout=120))
        try:
            model.prompts = []
            job = engine.submit(GenerationRequest("A long page", window, temperature=0.0), stream=True)
            streamed = "".join(job.chunks())
            return job.result(), streamed, model.prompts
        finally:
            engine.close()

    result, streamed, prompts = serve(config)
    assert prompts == evaluate_prompts  # each window prompted as evaluate prompts it
    assert result.html == streamed == page
    assert (result.finish_reason, result.parts) == ("stop", evaluated.parts)
    assert result.completion_tokens == evaluated.new_tokens
    assert result.prompt_tokens == len(encode_prompt(tokenizer, "A long page", SYSTEM))

    # Out of windows: the page as far as it got, streamed as answered, and said so.
    result, streamed, prompts = serve(dataclasses.replace(config, max_continuations=1))
    assert (result.finish_reason, result.parts, len(prompts)) == ("length", 2, 2)
    assert result.html == streamed and page.startswith(result.html) and len(result.html) > window


def test_a_continued_page_is_one_job_in_hand_until_its_last_window_each_window_seeded_anew(scripted_engine):
    """Between two windows a continued page is neither done nor released: it keeps its place among
    the max_batch + queue_size jobs in hand (a request sent then is refused), its next window is
    prefilled before the request waiting in the queue, and window k draws with seed + k - 1."""
    engine = scripted_engine("<p>x</p>" * 40, seconds_per_token=0.05, max_batch=1, queue_size=1,
                             generate={"stop": ["</html>"], "max_continuations": 2})
    seeds: list[tuple[str, int]] = []
    new_row = engine._new_row

    def new_row_and_look(job):
        row = new_row(job)
        seeds.append((job.request.prompt, row.generator.initial_seed()))
        return row

    engine._new_row = new_row_and_look
    between: list = []
    carry_on = engine._continue

    def continue_and_ask(job, window, window_tokens):  # on the worker, between two windows
        carry_on(job, window, window_tokens)
        if job.request.prompt != "a long page":
            return
        between.append((job.page.part, engine._in_hand, job._done.is_set()))
        try:
            engine.submit(GenerationRequest("one too many", 6))
            between.append("accepted")
        except Overloaded:
            between.append("refused")

    engine._continue = continue_and_ask
    page = engine.submit(GenerationRequest("a long page", 6, temperature=1.0, seed=7))
    waiting = engine.submit(GenerationRequest("next page", 6, temperature=1.0, seed=100))
    result = page.result()
    assert (result.finish_reason, result.parts, result.completion_tokens) == ("length", 3, 18)
    assert between == [(2, 2, False), "refused", (3, 2, False), "refused"]
    assert waiting.result().parts == 3
    assert seeds == [("a long page", 7), ("a long page", 8), ("a long page", 9),
                     ("next page", 100), ("next page", 101), ("next page", 102)]
    assert engine._in_hand == 0  # each released once, at its end
