"""Evaluation's pieces on the tiny model: decoding (greedy batch-independence, end-of-turn, stop
strings, the DRY loop penalty), rows joined by id across generation and perplexity (also when
tokenize dropped a row), base vs fine-tuned paired by id, and a gallery that never runs the HTML."""

from __future__ import annotations

import copy
import dataclasses
import re
from html.parser import HTMLParser

import numpy as np
import pytest
import torch
from transformers import DynamicCache

from htmlgen import evaluation, gallery, io, metrics
from htmlgen.config import GenerateConfig, PromptConfig, TokenizeConfig
from htmlgen import generation
from htmlgen.generation import (DryLogitsProcessor, PreallocatedLayer, breaker_token_ids, decode_layout,
                                decode_linears, finish, generate_answers, generation_config, kv_cache, left_padded,
                                prefill, prefill_groups, sample, warpers)
from htmlgen.modeling import load_adapted_model, load_base_model, load_tokenizer
from htmlgen.prompting import encode_prompt
from htmlgen.stages import tokenize as tokenize_stage

SYSTEM = "You write HTML."
PROMPTS = ["A page with a blue button", "A heading", "A long request for a landing page with a hero and pricing"]
GREEDY = GenerateConfig(max_new_tokens=10, stop=[], do_sample=False, dry_multiplier=0.0)


@pytest.fixture(scope="module")
def adapted(tiny_base_dir, tiny_adapter_dir):
    # The adapter (random, non-zero LoRA) makes the tiny model's greedy outputs differ between prompts.
    return load_adapted_model(tiny_base_dir, tiny_adapter_dir), load_tokenizer(tiny_adapter_dir)


def encode(tokenizer, prompts=PROMPTS):
    return [encode_prompt(tokenizer, p, SYSTEM) for p in prompts]


@torch.no_grad()
def greedy_ids(model, tokenizer, prompt: str, steps: int) -> list[int]:
    """Reference greedy decoding: one full forward pass per step, argmax of the last position."""
    ids = encode_prompt(tokenizer, prompt, SYSTEM)
    out = []
    for _ in range(steps):
        out.append(int(model(input_ids=torch.tensor([ids + out])).logits[0, -1].argmax()))
    return out


# --------------------------------------------------------------------------- decoding


def test_greedy_generation_is_deterministic_and_batch_independent(adapted):
    model, tokenizer = adapted
    first = generate_answers(model, tokenizer, encode(tokenizer), GREEDY, batch_size=len(PROMPTS))
    again = generate_answers(model, tokenizer, encode(tokenizer), GREEDY, batch_size=len(PROMPTS))
    one_by_one = generate_answers(model, tokenizer, encode(tokenizer), GREEDY, batch_size=1)
    assert first == again
    assert first == one_by_one  # left padding does not change what a prompt gets
    assert len({c.text for c in first}) > 1, "all outputs identical: the check would prove little"
    for prompt, completion in zip(PROMPTS, first, strict=True):
        expected = greedy_ids(model, tokenizer, prompt, GREEDY.max_new_tokens)
        assert tokenizer.eos_token_id not in expected  # so the whole budget is used
        assert completion.finish_reason == "length" and completion.new_tokens == GREEDY.max_new_tokens
        assert completion.text == tokenizer.decode(expected, skip_special_tokens=True).strip()


def test_generation_stops_at_end_of_turn_and_counts_it(adapted):
    """The tiny model never emits the real end-of-turn token, so declare one it does emit (in a copy
    of the tokenizer) and check the cut, the reason and the counts against reference decoding."""
    model, tokenizer = adapted
    expected = {p: greedy_ids(model, tokenizer, p, GREEDY.max_new_tokens) for p in PROMPTS}
    sequence = next(s for s in expected.values() if len(set(s)) > 1)
    position = next(i for i, t in enumerate(sequence) if i > 0 and t not in sequence[:i])
    stop_token = sequence[position]
    stopping = copy.deepcopy(tokenizer)
    stopping.eos_token = tokenizer.convert_ids_to_tokens(stop_token)
    assert stopping.eos_token_id == stop_token and stopping.pad_token_id == tokenizer.pad_token_id

    completions = generate_answers(model, stopping, encode(tokenizer), GREEDY, batch_size=len(PROMPTS))
    assert any(c.finish_reason == "stop" for c in completions)
    for prompt, completion in zip(PROMPTS, completions, strict=True):
        ids = expected[prompt]
        if stop_token in ids:
            cut = ids[: ids.index(stop_token)]
            assert completion.finish_reason == "stop" and completion.new_tokens == len(cut) + 1
        else:
            cut = ids
            assert completion.finish_reason == "length" and completion.new_tokens == GREEDY.max_new_tokens
        assert completion.text == tokenizer.decode(cut, skip_special_tokens=True).strip()


def test_stop_string_ends_the_answer_right_after_it(adapted):
    model, tokenizer = adapted
    free = generate_answers(model, tokenizer, encode(tokenizer, PROMPTS[:1]), GREEDY, batch_size=1)[0]
    text = free.text
    assert len(text) > 12, "the tiny model's answer is too short to cut"
    runs = re.findall(r"[ -~]{3,}", text[1:])  # printable text the model writes after its first token
    assert runs, f"the tiny model wrote no printable run to stop at: {text!r}"
    stop = runs[0][:3]
    config = dataclasses.replace(GREEDY, stop=[stop])
    cut = generate_answers(model, tokenizer, encode(tokenizer, PROMPTS[:1]), config, batch_size=1)[0]
    assert cut.finish_reason == "stop_string"
    assert cut.text == text[: text.index(stop) + len(stop)].strip()
    assert cut.new_tokens < free.new_tokens


def test_greedy_answers_equal_transformers_generate_with_rows_leaving_the_batch(adapted):
    """Our loop drops a row when it ends and keeps the KV cache in a preallocated buffer: with a
    stop string that ends some rows early, greedy answers are still exactly `generate`'s."""
    model, tokenizer = adapted
    free = generate_answers(model, tokenizer, encode(tokenizer), GREEDY, batch_size=len(PROMPTS))
    stop = next(m for c in free for m in re.findall(r"[ -~]{2}", c.text[1:]))  # some rows write it, early
    config = dataclasses.replace(GREEDY, max_new_tokens=24, stop=[stop])
    ours = generate_answers(model, tokenizer, encode(tokenizer), config, batch_size=len(PROMPTS))
    assert {c.finish_reason for c in ours} >= {"stop_string"}
    assert len({c.new_tokens for c in ours}) > 1, "rows must leave the batch at different steps"
    inputs = left_padded(encode(tokenizer), tokenizer)
    width = inputs["input_ids"].shape[1]
    with torch.no_grad():
        output = model.generate(**inputs, generation_config=generation_config(config, tokenizer), tokenizer=tokenizer)
    theirs = [finish(tokenizer, ids, config.stop, tokenizer.eos_token_id) for ids in output[:, width:].tolist()]
    assert ours == theirs


def test_prefill_groups_trade_padding_for_passes():
    assert prefill_groups([10, 100, 10, 10], pass_positions=16) == [[0, 2, 3], [1]]  # 162 positions, not 416
    assert prefill_groups([10, 100, 10, 10], pass_positions=1000) == [[0, 2, 3, 1]]  # passes too dear: one
    groups = prefill_groups([7, 3, 9, 3, 5], pass_positions=0)
    assert sorted(i for g in groups for i in g) == [0, 1, 2, 3, 4]
    assert sum(len(g) * max([7, 3, 9, 3, 5][i] for i in g) for g in groups) == 27  # no padding at all


@torch.no_grad()
def test_prefill_in_groups_fills_the_cache_as_one_padded_pass(adapted, monkeypatch):
    """The prompts prefilled in groups of similar length leave the cache and the last logits as one
    left-padded pass over all of them does (to float rounding), every row where that pass puts it."""
    model, tokenizer = adapted
    prompts = encode(tokenizer)
    assert len(set(map(len, prompts))) == 3
    mask = left_padded(prompts, tokenizer)["attention_mask"].bool()
    filled = {}
    for pass_positions, groups in ((10_000, 1), (0, 3)):
        monkeypatch.setattr(generation, "PREFILL_PASS_POSITIONS", pass_positions)
        assert len(prefill_groups([len(p) for p in prompts], pass_positions)) == groups
        cache = kv_cache(model, mask.shape[1] + 4)
        logits = prefill(model, tokenizer, prompts, cache)
        filled[groups] = logits, [(layer.keys.clone(), layer.values.clone()) for layer in cache.layers]
        assert cache.get_seq_length() == mask.shape[1]
    (one_logits, one_cache), (grouped_logits, grouped_cache) = filled[1], filled[3]
    torch.testing.assert_close(grouped_logits, one_logits, atol=1e-5, rtol=1e-5)
    real = mask[:, None, :, None]
    for (k1, v1), (k3, v3) in zip(one_cache, grouped_cache, strict=True):
        torch.testing.assert_close(torch.where(real, k3, 0), torch.where(real, k1, 0), atol=1e-5, rtol=1e-5)
        torch.testing.assert_close(torch.where(real, v3, 0), torch.where(real, v1, 0), atol=1e-5, rtol=1e-5)
    # and decoding from the grouped prefill is still reference greedy decoding
    config = dataclasses.replace(GREEDY, max_new_tokens=12)
    for completion, prompt in zip(generate_answers(model, tokenizer, prompts, config, batch_size=3), PROMPTS,
                                  strict=True):
        expected = greedy_ids(model, tokenizer, prompt, config.max_new_tokens)
        assert completion.text == tokenizer.decode(expected, skip_special_tokens=True).strip()


def forward_calls(model):
    """A counter of the model's forward passes (a hook; remove it with ``.remove()``)."""
    counter = {"n": 0}
    handle = model.register_forward_hook(lambda *_: counter.__setitem__("n", counter["n"] + 1))
    return counter, handle


@pytest.mark.parametrize("config", [
    dataclasses.replace(GREEDY, max_new_tokens=40),  # the tiny model loops greedily: drafts get taken
    # Cold enough that the tiny model repeats itself (drafts get taken), warm enough that the seed matters.
    GenerateConfig(max_new_tokens=40, stop=[], do_sample=True, temperature=0.05, min_p=0.0, dry_multiplier=0.5,
                   dry_allowed_length=4, seed=7),
], ids=["greedy", "sampled_with_dry"])
def test_drafted_decoding_writes_the_same_answers_in_fewer_passes(adapted, config):
    """Speculative decoding (evaluate.draft_tokens) checks drafted tokens with the row's own
    penalties and seeded draw: the answers are the ones of one token per pass, in fewer passes."""
    model, tokenizer = adapted
    counter, handle = forward_calls(model)
    try:
        plain = generate_answers(model, tokenizer, encode(tokenizer), config, batch_size=len(PROMPTS))
        plain_passes, counter["n"] = counter["n"], 0
        drafted = generate_answers(model, tokenizer, encode(tokenizer), config, batch_size=len(PROMPTS), drafts=4)
        drafted_passes = counter["n"]
    finally:
        handle.remove()
    assert drafted == plain
    assert len({c.text for c in plain}) > 1, "all outputs identical: the check would prove little"
    assert drafted_passes < plain_passes
    if not config.do_sample:  # and the greedy answers are still reference decoding's
        for prompt, completion in zip(PROMPTS, drafted, strict=True):
            expected = greedy_ids(model, tokenizer, prompt, config.max_new_tokens)
            assert completion.text == tokenizer.decode(expected, skip_special_tokens=True).strip()
    else:  # and they are samples: another seed writes other answers
        other = generate_answers(model, tokenizer, encode(tokenizer), dataclasses.replace(config, seed=8),
                                 batch_size=len(PROMPTS), drafts=4)
        assert all(a.text != b.text for a, b in zip(drafted, other, strict=True))


def test_drafted_decoding_ends_rows_at_a_stop_string_inside_the_drafts(adapted):
    """A stop string or the budget reached in the middle of a pass's drafts ends the row there."""
    model, tokenizer = adapted
    free = generate_answers(model, tokenizer, encode(tokenizer), dataclasses.replace(GREEDY, max_new_tokens=40),
                            batch_size=len(PROMPTS))
    stop = next(m for c in free for m in re.findall(r"[ -~]{2}", c.text[len(c.text) // 2:]))
    for config in (dataclasses.replace(GREEDY, max_new_tokens=40, stop=[stop]),
                   dataclasses.replace(GREEDY, max_new_tokens=23)):
        plain = generate_answers(model, tokenizer, encode(tokenizer), config, batch_size=len(PROMPTS))
        assert generate_answers(model, tokenizer, encode(tokenizer), config, batch_size=len(PROMPTS), drafts=4) == plain
    assert {c.finish_reason for c in plain} == {"length"} and {c.new_tokens for c in plain} == {23}


def test_sampled_answers_do_not_depend_on_the_batch(adapted):
    """Each prompt draws from its own generator (seeded by the seed and its index)."""
    model, tokenizer = adapted
    config = GenerateConfig(max_new_tokens=12, stop=[], do_sample=True, temperature=1.5, min_p=0.0, seed=3)
    together = generate_answers(model, tokenizer, encode(tokenizer), config, batch_size=len(PROMPTS))
    assert together == generate_answers(model, tokenizer, encode(tokenizer), config, batch_size=1)


def test_drafting_is_off_where_the_attention_cannot_take_a_ragged_mask(tiny_base_dir, tiny_adapter_dir):
    """Eager attention adds its mask (a boolean one would be wrong): no drafts, the same answers."""
    from htmlgen import speculation

    model = load_adapted_model(tiny_base_dir, tiny_adapter_dir)
    tokenizer = load_tokenizer(tiny_adapter_dir)
    config = dataclasses.replace(GREEDY, max_new_tokens=30)
    plain = generate_answers(model, tokenizer, encode(tokenizer), config, batch_size=len(PROMPTS))
    model.set_attn_implementation("eager")
    assert not speculation.can_draft(model, kv_cache(model, 8))
    counter, handle = forward_calls(model)
    try:
        drafted = generate_answers(model, tokenizer, encode(tokenizer), config, batch_size=len(PROMPTS), drafts=4)
    finally:
        handle.remove()
    prefill_passes = len(prefill_groups([len(p) for p in encode(tokenizer)], generation.PREFILL_PASS_POSITIONS))
    assert counter["n"] == prefill_passes + config.max_new_tokens - 1  # the prefill, one pass per further token
    assert [c.text for c in drafted] == [c.text for c in plain]


def test_draft_is_what_followed_the_latest_longest_match():
    from htmlgen.speculation import draft

    #          0  1  2  3  4  5  6  7  8  9 10
    history = [5, 6, 7, 8, 9, 6, 7, 1, 2, 6, 7]
    assert draft(history, 3) == [1, 2, 6]  # "6 7" last seen at 5-6 (the 3-gram "2 6 7" never before)
    assert draft(history + [8], 2) == [9, 6]  # the 3-gram "6 7 8" at 1-3
    assert draft([1, 2, 3, 1], 4) == [2, 3, 1]  # a 1-token match; the draft may run into the suffix
    assert draft([1, 2, 3], 4) == [] and draft([4], 2) == []


def test_ragged_cache_and_mask_give_each_row_its_own_past():
    from htmlgen.speculation import ragged_mask

    layer = PreallocatedLayer(capacity=8)
    keys = torch.arange(2 * 1 * 3 * 1, dtype=torch.float32).reshape(2, 1, 3, 1)
    layer.update(keys, keys)  # both rows: 3 positions
    layer.offsets = torch.tensor([3, 2])  # row 1 kept one position fewer of that pass
    new = torch.tensor([[10.0, 11.0], [20.0, 21.0]]).reshape(2, 1, 2, 1)
    out, _ = layer.update(new, new)
    assert out.shape[2] == 5  # up to the longest row
    assert out[0, 0, :, 0].tolist() == [0, 1, 2, 10, 11]
    assert out[1, 0, :4, 0].tolist() == [3, 4, 20, 21]
    mask = ragged_mask(pad=torch.tensor([0, 1]), filled=torch.tensor([3, 2]), width=2, length=5)
    assert mask.shape == (2, 1, 2, 5)
    assert mask[0, 0].int().tolist() == [[1, 1, 1, 1, 0], [1, 1, 1, 1, 1]]
    assert mask[1, 0].int().tolist() == [[0, 1, 1, 0, 0], [0, 1, 1, 1, 0]]  # left padding and the row's end hidden
    layer.batch_select_indices(torch.tensor([1]))
    assert layer.offsets.tolist() == [2]


def test_folded_grouped_query_attention_equals_repeated_heads():
    from transformers.integrations.sdpa_attention import repeat_kv

    from htmlgen.speculation import gqa_sdpa

    torch.manual_seed(0)
    query, key, value = torch.randn(2, 6, 3, 8), torch.randn(2, 2, 7, 8), torch.randn(2, 2, 7, 8)
    mask = torch.rand(2, 1, 3, 7) > 0.3
    mask[..., 0] = True
    module = type("Attention", (), {"num_key_value_groups": 3, "is_causal": True})()
    ours, _ = gqa_sdpa(module, query, key, value, mask, scaling=0.3)
    expected = torch.nn.functional.scaled_dot_product_attention(query, repeat_kv(key, 3), repeat_kv(value, 3),
                                                                attn_mask=mask, scale=0.3).transpose(1, 2)
    assert ours.shape == (2, 3, 6, 8)
    torch.testing.assert_close(ours, expected)


def test_decode_layout_stores_weights_column_major_with_the_same_logits_and_is_undone(tiny_base_dir):
    """generate_answers decodes with every plain fp32 linear weight column-major (faster few-row GEMMs
    on a CPU): same values, same logits, a tied output layer stays tied, row-major again afterwards."""
    model, tokenizer = load_base_model(tiny_base_dir).eval(), load_tokenizer(tiny_base_dir)
    weights = decode_linears(model)
    assert len(weights) == len({id(w) for w in weights}) >= 7 * model.config.num_hidden_layers
    assert all(w.is_contiguous() for w in weights)
    values = [w.detach().clone() for w in weights]
    tied = model.get_output_embeddings().weight is model.get_input_embeddings().weight
    inputs = left_padded(encode(tokenizer), tokenizer)
    with torch.no_grad():
        want = model(**inputs).logits
        with decode_layout(model):
            assert all(w.t().is_contiguous() and not w.is_contiguous() for w in weights)  # column-major
            got = model(**inputs).logits
    assert all(w.is_contiguous() for w in weights)
    assert all(torch.equal(w, v) for w, v in zip(weights, values, strict=True))
    assert (model.get_output_embeddings().weight is model.get_input_embeddings().weight) == tied
    torch.testing.assert_close(got, want, rtol=1e-5, atol=1e-5)


def test_decode_layout_leaves_layers_that_are_not_plain_linears_alone():
    class QuantizedLinear(torch.nn.Linear):  # bitsandbytes' and GPTQ's layers subclass or replace nn.Linear
        pass

    model = torch.nn.Sequential(torch.nn.Linear(8, 4), QuantizedLinear(4, 4), torch.nn.Linear(4, 2).double())
    assert decode_linears(model) == [model[0].weight]
    with decode_layout(model):
        assert not model[0].weight.is_contiguous() and model[1].weight.is_contiguous()


def test_sampling_draws_from_the_warped_distribution_and_is_seeded(adapted):
    scores = torch.full((2, 1000), -float("inf"))
    scores[:, [3, 500, 999]] = torch.log(torch.tensor([0.6, 0.3, 0.1]))
    draws = torch.stack([sample(scores, generator) for generator in [torch.Generator().manual_seed(0)]
                         for _ in range(4000)])
    assert set(draws.unique().tolist()) <= {3, 500, 999}  # never a filtered token
    share = {t: float((draws == t).float().mean()) for t in (3, 500, 999)}
    assert share[3] == pytest.approx(0.6, abs=0.03) and share[999] == pytest.approx(0.1, abs=0.02)
    dense = torch.log_softmax(torch.randn(1, 1000), -1)  # nothing filtered: the plain multinomial path
    assert 0 <= int(sample(dense, torch.Generator().manual_seed(0))) < 1000

    model, tokenizer = adapted
    config = GenerateConfig(max_new_tokens=12, stop=[], do_sample=True, temperature=1.5, min_p=0.0, seed=3)
    first = generate_answers(model, tokenizer, encode(tokenizer), config, batch_size=2)
    assert first == generate_answers(model, tokenizer, encode(tokenizer), config, batch_size=2)
    other = generate_answers(model, tokenizer, encode(tokenizer), dataclasses.replace(config, seed=4), batch_size=2)
    assert first != other


def test_warpers_follow_the_generate_section():
    kinds = lambda config: [type(p).__name__ for p in warpers(config, None)]  # noqa: E731
    assert kinds(GenerateConfig(do_sample=False, dry_multiplier=0.0)) == []
    assert kinds(GenerateConfig(do_sample=True, temperature=0.7, top_p=0.9, min_p=0.1, dry_multiplier=0.8,
                                dry_fold_digits=False, repetition_penalty=1.1)) == [
        "RepetitionPenaltyLogitsProcessor", "DryLogitsProcessor", "TemperatureLogitsWarper", "TopPLogitsWarper",
        "MinPLogitsWarper"]


def test_preallocated_cache_writes_in_place_and_refuses_to_overflow(adapted):
    layer = PreallocatedLayer(capacity=5)
    keys = torch.arange(2 * 1 * 3 * 2, dtype=torch.float32).reshape(2, 1, 3, 2)
    out_keys, _ = layer.update(keys, keys + 100)
    buffer = layer._key_buffer
    out_keys, out_values = layer.update(keys[:, :, :1] * -1, keys[:, :, :1] * -1)
    assert layer._key_buffer is buffer and layer.get_seq_length() == 4  # no new allocation per step
    assert torch.equal(out_keys[:, :, :3], keys) and torch.equal(out_keys[:, :, 3], -keys[:, :, 0])
    layer.batch_select_indices(torch.tensor([1]))
    assert torch.equal(layer.keys[0, :, :3], keys[1]) and layer.keys.shape[0] == 1
    with pytest.raises(RuntimeError, match="capacity 5"):
        layer.update(keys[:1], keys[:1])
    # rows leaving (the kept ones in order: compacted in place) and rows reordered (copied)
    for indices in ([0, 2], [2, 0]):
        layer = PreallocatedLayer(capacity=6)
        three = torch.arange(3 * 1 * 4 * 2, dtype=torch.float32).reshape(3, 1, 4, 2)
        layer.update(three, three + 100)
        layer.batch_select_indices(torch.tensor(indices))
        assert torch.equal(layer.keys, three[indices]) and torch.equal(layer.values, three[indices] + 100)
        step = torch.full((2, 1, 1, 2), -1.0)
        out_keys, _ = layer.update(step, step)  # and the kept rows go on writing after their past
        assert torch.equal(out_keys[:, :, :4], three[indices]) and torch.equal(out_keys[:, :, 4:], step)

    model, _ = adapted
    assert all(isinstance(layer, PreallocatedLayer) for layer in kv_cache(model, 64).layers)
    sliding = copy.deepcopy(model.config)
    sliding.sliding_window = 16  # a window shorter than the generation: transformers' own cache
    fallback = kv_cache(type("M", (), {"config": sliding})(), 64)
    assert isinstance(fallback, DynamicCache) and not any(isinstance(x, PreallocatedLayer) for x in fallback.layers)


def test_finish_cuts_at_the_first_of_end_of_turn_or_stop_string(tiny_base_dir):
    tokenizer = load_tokenizer(tiny_base_dir)
    page = "<html><body>Hi</body></html>"
    ids = tokenizer(page + "\n<p>after the end</p>", add_special_tokens=False)["input_ids"]
    eot = tokenizer.eos_token_id
    done = finish(tokenizer, ids + [eot], ["</html>"], eot)
    assert done.text == page and done.finish_reason == "stop_string"
    assert finish(tokenizer, ids + [eot, 5, 5], [], eot).finish_reason == "stop"
    assert finish(tokenizer, ids, [], eot) .finish_reason == "length"


# --------------------------------------------------------------------------- DRY


def test_dry_finds_the_repeat_each_next_token_would_extend():
    dry = DryLogitsProcessor(multiplier=1.0, base=2.0, allowed_length=2)
    # ... 7 8 9 1 2 3 | 7 8 9 : a 4th token of 4 would continue "1 2 3 ... 7 8 9"? no: "7 8 9" was
    # followed by 1 before, so 1 would extend a 3-token repeat; 9 was followed by 1 (3 long) and 4 (1 long).
    lengths = dry.repeat_lengths(np.array([5, 9, 4, 7, 8, 9, 1, 2, 3, 7, 8, 9]))
    assert lengths == {1: 3, 4: 1}
    assert dry.repeat_lengths(np.array([1, 2, 3])) == {}
    broken = DryLogitsProcessor(1.0, 2.0, 2, breaker_ids={8})
    assert broken.repeat_lengths(np.array([5, 9, 4, 7, 8, 9, 1, 2, 3, 7, 8, 9])) == {1: 1, 4: 1}


def test_dry_penalises_only_repeats_past_the_allowed_length_and_more_the_longer():
    dry = DryLogitsProcessor(multiplier=0.5, base=2.0, allowed_length=2)
    ids = torch.tensor([[5, 9, 4, 7, 8, 9, 1, 2, 3, 7, 8, 9], [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13]])
    scores = torch.zeros(2, 16)
    out = dry(ids, scores.clone())
    expected = torch.zeros(2, 16)
    expected[0, 1] = -0.5 * 2.0 ** (3 - 2)  # extends a 3-token repeat; token 4 (1 long) stays free
    assert torch.equal(out, expected)  # the row without repeats is untouched
    assert torch.equal(DryLogitsProcessor(0.0, 2.0, 2)(ids, scores.clone()), scores)  # off


def test_dry_with_folded_digits_sees_a_counting_run_as_a_repeat():
    """Digits are tokens 0-9 here (as in SmolLM2's tokenizer); 10 = ",", 11 = " ". "2036, 2037, 2038, 203"
    repeats at most 5 tokens verbatim (", 203"), but digit for digit it is one pattern."""
    comma, space = 10, 11
    counting = np.array([2, 0, 3, 6, comma, space, 2, 0, 3, 7, comma, space, 2, 0, 3, 8, comma, space, 2, 0, 3])
    plain = DryLogitsProcessor(multiplier=1.0, base=2.0, allowed_length=6)
    assert max(plain.repeat_lengths(counting).values()) == 5  # ", 2 0 3" only: below the allowed length
    folded = DryLogitsProcessor(multiplier=1.0, base=2.0, allowed_length=6, digit_ids=set(range(10)))
    scores = folded(torch.tensor([counting]), torch.zeros(1, 12))
    # The next digit would extend a 15-token repeat (digit x4, comma, space, ...): every digit is penalised
    # alike, the comma and the space (which would end the pattern early) are not.
    assert torch.all(scores[0, :10] == scores[0, 0]) and scores[0, 0] < -100
    assert scores[0, comma] == 0 and scores[0, space] == 0
    assert torch.equal(plain(torch.tensor([counting]), torch.zeros(1, 12)), torch.zeros(1, 12))
    # Short runs of numbers stay free: "12 px 7 em 3" repeats "digit, unit" (2 tokens, folded) only.
    assert folded(torch.tensor([[1, 2, 20, 7, 21, 3]]), torch.zeros(1, 24)).eq(0).all()
    # A digit that is also a breaker (e.g. "\n1" with "\n" breaking) stays a breaker, not a digit.
    breaking = DryLogitsProcessor(1.0, 2.0, 6, breaker_ids={comma}, digit_ids={*range(10), comma})
    assert breaking.penalised(counting) == {}


def test_the_base_run_is_compared_with_todays_defaults_filled_in():
    """evaluate refuses base answers decoded otherwise, but not a base run written before a new
    `generate` key existed (the key at the value it had when added changes nothing; dry_fold_digits
    was added off and is on by default now)."""
    from htmlgen.config import to_dict
    from htmlgen.stages.evaluate import same_decoding

    generate = GenerateConfig(dry_fold_digits=False)
    older = {k: v for k, v in to_dict(generate).items() if k != "dry_fold_digits"}
    assert same_decoding(older, generate) and same_decoding(to_dict(generate), generate)
    assert not same_decoding({**older, "temperature": 0.7}, generate)
    assert not same_decoding(older, GenerateConfig())  # today's default folds digits: not how that run decoded
    assert same_decoding(to_dict(GenerateConfig()), GenerateConfig())


def test_digit_token_ids_are_the_tokens_made_of_digits(tiny_base_dir):
    from htmlgen.generation import digit_token_ids

    tokenizer = load_tokenizer(tiny_base_dir)
    digits = digit_token_ids(tokenizer)
    texts = {tokenizer.decode([i]).strip() for i in digits}
    assert {str(d) for d in range(10)} <= texts and all(t.isdigit() for t in texts)
    assert not any("\n" in tokenizer.decode([i]) for i in digits)


def test_dry_breaks_a_greedy_loop_that_plain_greedy_follows():
    """A scripted model that prefers to repeat its last 4 tokens forever: greedy loops, DRY does not."""
    loop = [3, 4, 5, 6]

    def next_scores(seq: list[int]) -> torch.Tensor:
        scores = torch.zeros(1, 10)
        scores[0, loop[(loop.index(seq[-1]) + 1) % 4] if seq[-1] in loop else 3] = 2.0
        scores[0, 9] = 1.0  # the way out of the loop (think: </style>)
        return scores

    def decode(processors, steps=20) -> list[int]:
        seq = [1, 2]
        for _ in range(steps):
            scores = next_scores(seq)
            for processor in processors:
                scores = processor(torch.tensor([seq]), scores)
            seq.append(int(scores.argmax()))
            if seq[-1] == 9:
                break
        return seq

    assert 9 not in decode([])
    escaped = decode([DryLogitsProcessor(multiplier=0.8, base=1.75, allowed_length=4)])
    assert escaped[-1] == 9 and len(escaped) < 2 + 12


def test_breaker_ids_are_the_tokens_holding_the_string(tiny_base_dir):
    tokenizer = load_tokenizer(tiny_base_dir)
    ids = breaker_token_ids(tokenizer, ["\n"])
    assert ids and all("\n" in tokenizer.decode([i]) for i in ids)
    assert tokenizer("\n", add_special_tokens=False)["input_ids"][0] in ids
    assert breaker_token_ids(tokenizer, []) == set()


def test_generation_config_carries_every_setting(tiny_base_dir):
    tokenizer = load_tokenizer(tiny_base_dir)
    config = GenerateConfig(max_new_tokens=77, do_sample=True, temperature=0.6, top_p=0.9, min_p=0.05,
                            no_repeat_ngram_size=30, stop=["</html>"])
    gen = generation_config(config, tokenizer)
    assert (gen.max_new_tokens, gen.do_sample, gen.temperature, gen.top_p, gen.min_p, gen.top_k) == (
        77, True, 0.6, 0.9, 0.05, 0)
    assert gen.no_repeat_ngram_size == 30 and gen.stop_strings == ["</html>"]
    assert gen.eos_token_id == tokenizer.eos_token_id
    greedy = generation_config(GenerateConfig(do_sample=False), tokenizer)
    assert greedy.do_sample is False and greedy.stop_strings == ["</html>"] and greedy.max_new_tokens == 1024


# --------------------------------------------------------------------------- rows joined by id


def test_rows_are_joined_by_id_when_tokenize_drops_one(tmp_path, adapted, tiny_base_dir):
    """tokenize drops the long row: its answer is still generated and scored, it gets no perplexity,
    and every other row's perplexity is that of its own reference (not its neighbour's)."""
    from datasets import Dataset

    model, tokenizer = adapted
    html = "<!DOCTYPE html><html><body><h1>{}</h1></body></html>"
    rows = [{"id": "a", "prompt": "First page", "html": html.format("One")},
            {"id": "long", "prompt": "Too long", "html": html.format("word " * 600)},
            {"id": "c", "prompt": "Third page", "html": html.format("Three three")}]
    kept, _ = tokenize_stage.tokenize_split(tokenizer, rows, PromptConfig(system=SYSTEM),
                                            TokenizeConfig(max_seq_len=256), "test.jsonl")
    assert [row["id"] for row, _ in kept] == ["a", "c"]
    splits, tokenized = tmp_path / "split", tmp_path / "tokenized"
    splits.mkdir()
    io.write_jsonl(splits / "test.jsonl", rows)
    Dataset.from_dict({"id": [r["id"] for r, _ in kept], "input_ids": [e.input_ids for _, e in kept],
                       "labels": [e.labels for _, e in kept]}).save_to_disk(str(tokenized / "test"))

    examples = evaluation.test_examples(splits, tokenized, None)
    assert [e["id"] for e in examples] == ["a", "long", "c"]
    assert examples[1]["ppl_input_ids"] is None
    nll = evaluation.perplexity_rows(model, examples, tokenizer, batch_size=2)
    assert nll[1] is None
    for example, (_, own) in zip((examples[0], examples[2]), kept, strict=True):
        row = nll[examples.index(example)]
        alone = metrics.answer_nll(model, torch.tensor([own.input_ids]),
                                   torch.ones(1, len(own.input_ids), dtype=torch.long), torch.tensor([own.labels]))
        assert row[0] == pytest.approx(alone[0], rel=1e-4) and row[1] == alone[1]


def _row(rid, part="in_distribution", **values):
    base = {"id": rid, "part": part, "finished_page": False, "chrf": 0.0, "nll": 10.0, "nll_tokens": 10}
    return {**base, **values}


def test_paired_difference_joins_by_id_not_by_position():
    base = [_row("a", chrf=0.1), _row("b", chrf=0.5)]
    tuned = [_row("b", chrf=0.6), _row("a", chrf=0.3)]  # other order
    delta = evaluation.paired_difference(base, tuned, samples=200)
    assert delta["chrf"]["mean"] == pytest.approx((0.2 + 0.1) / 2)
    with pytest.raises(ValueError, match="no base row with the same id"):
        evaluation.paired_difference(base, [_row("zzz")], samples=200)


def test_summary_reports_parts_and_perplexity_over_rows_that_have_one():
    from htmlgen.stages.evaluate import build_summary

    base = [_row("a", chrf=0.1), _row("b", part="out_of_distribution", chrf=0.2),
            _row("c", nll=None, nll_tokens=None)]
    tuned = [_row("a", chrf=0.4, finished_page=True, nll=5.0), _row("b", part="out_of_distribution", chrf=0.2),
             _row("c", nll=None, nll_tokens=None)]
    summary = build_summary({"test": base}, {"test": tuned}, GenerateConfig(), samples=200, render_skipped="no")
    assert summary["parts"] == {"in_distribution": 2, "out_of_distribution": 1}
    assert summary["finetuned"]["perplexity"]["mean"] == pytest.approx(np.exp(15 / 20), abs=1e-4)
    assert summary["by_part"]["out_of_distribution"]["delta"]["chrf"]["mean"] == 0.0
    assert summary["by_part"]["in_distribution"]["delta"]["chrf"]["mean"] == pytest.approx(0.15)
    assert summary["finetuned"]["finished_page"]["mean"] == pytest.approx(1 / 3, abs=1e-4)


# --------------------------------------------------------------------------- gallery


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.pre_text: list[str] = []
        self._in_pre = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "pre":
            self._in_pre = True
            self.pre_text.append("")

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_pre = False

    def handle_data(self, data):
        if self._in_pre:
            self.pre_text[-1] += data


def test_gallery_shows_screenshots_and_never_runs_generated_html():
    evil = ('<!DOCTYPE html><html><body><script>alert("owned")</script>'
            '"><img src=x onerror=alert(1)></iframe><script>fetch("/steal")</script></body></html>')
    example = {"id": "t1", "prompt": "A page <script>alert('prompt')</script>", "html": "<p>ref</p>",
               "part": "in_distribution", "category": "cards"}
    row = {"text": evil, "finished_page": True, "finish_reason": "stop", "chrf": 0.1, "markup_rougeL": 0.2,
           "render_score": 0.3}
    entry = {"mean": 0.5, "ci95": [0.4, 0.6]}
    summary = {side: {"chrf": entry} for side in ("base", "finetuned", "delta")}
    picture = "data:image/webp;base64,AAAA"
    page = gallery.render_gallery([example], {"t1": row}, {"t1": {**row, "text": "<p>ok</p>"}}, summary,
                                  {("reference", "t1"): picture, ("base", "t1"): picture})
    parser = _PageParser()
    parser.feed(page)
    parser.close()
    tags = [tag for tag, _ in parser.tags]
    assert "script" not in tags and "iframe" not in tags
    images = [attrs["src"] for tag, attrs in parser.tags if tag == "img"]
    assert images == [picture, picture]  # the fine-tuned side has no screenshot: said so, no image
    assert "no screenshot" in page
    assert evil in parser.pre_text  # the source, intact, as text
    csp = [attrs for tag, attrs in parser.tags if tag == "meta" and attrs.get("http-equiv")]
    assert csp and "default-src 'none'" in csp[0]["content"] and "img-src data:" in csp[0]["content"]


def test_extra_set_is_read_like_fetch_reads_and_tokenized_like_training(tmp_path, tiny_base_dir):
    from htmlgen.config import ExtraSet

    tokenizer = load_tokenizer(tiny_base_dir)
    source = tmp_path / "other.jsonl"
    rows = [{"instruction": "Make a red button", "input": "", "output": "<button>Go</button>"},
            {"instruction": "Make a list", "input": "three items", "output": "<ul><li>a</li></ul>"},
            {"instruction": "Too long", "input": "", "output": "<p>" + "word " * 900 + "</p>"}]
    io.write_jsonl(source, rows)
    data_format = {"system_prompt": SYSTEM, "max_seq_len": 256, "long_examples": "drop"}
    examples = evaluation.extra_set_examples(ExtraSet(name="other", source=str(source), max_examples=3), tokenizer,
                                             data_format)
    assert [e["part"] for e in examples] == ["other"] * 3
    assert examples[1]["prompt"] == "Make a list\n\nthree items"  # the alpaca mapping of fetch
    assert examples[2]["ppl_input_ids"] is None  # over max_seq_len under `drop`: no perplexity, still scored
    first = examples[0]
    assert first["ppl_input_ids"][-1] == tokenizer.eos_token_id
    answer = [t for t in first["ppl_labels"] if t != -100]
    assert tokenizer.decode(answer) == "<button>Go</button>" + tokenizer.eos_token
    assert len(evaluation.extra_set_examples(ExtraSet(name="o", source=str(source), max_examples=1), tokenizer,
                                             data_format)) == 1
