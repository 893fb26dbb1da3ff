"""How fast evaluate (and the decoding benchmarks) generate: our batched decoding loop against
transformers' ``generate`` on the same model, prompts and decoding, side by side in one run.

- ``hf_generate``: ``model.generate`` on the left-padded batch with the same `generate` params
  (stop strings, DRY as a logits processor): finished rows ride along to the end of the longest
  answer, and the KV cache grows by ``torch.cat`` (a copy of the whole cache per step).
- ``decode_batch``: htmlgen.generation: a row leaves the batch when it ends, the cache is
  preallocated, sampling draws among the candidates min_p / top_p leave.
- ``decode_batch_row_major``: the same loop with the linear weights row-major, as loaded (before
  ``generation.decode_layout``: MKL multiplies the few rows of a decoding step by a column-major
  weight 2-5x faster).
- ``drafts<k>`` (e.g. ``drafts4``): ``decode_batch`` with speculative decoding from the text
  itself: each pass checks up to k tokens drafted by prompt lookup (``htmlgen.speculation``);
  the answers must be ``decode_batch``'s (each prompt draws from its own seeded generator).
  ``drafts<k>p<n>`` (e.g. ``drafts2p48``): with a budget of n positions per pass instead of
  ``speculation.PASS_POSITIONS``.
- ``hf_generate_batch``: transformers' continuous batching (paged cache), greedy without DRY or
  stop strings only: it takes no custom logits processor, so it cannot run our decoding; shown
  with ``--greedy`` as the third way a user might try.

Answer tokens/s counts the tokens each answer keeps (up to its end), so all ways are paid for the
same useful work. Sampled answers differ between the ways (their random streams differ); the
finished-page share shows the decoding is still the one measured.

    python benchmarks/generation.py                                  # 32 test prompts, params.yaml decoding
    python benchmarks/generation.py --prompts 16 --max-new-tokens 256 --greedy
    python benchmarks/generation.py --ways decode_batch,drafts2,drafts4 [--no-adapter]   # speculation

Results: benchmarks/results/generation.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import platform
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402

from htmlgen import evaluation, io, speculation  # noqa: E402
from htmlgen.config import GenerateConfig, load_section  # noqa: E402
from htmlgen.generation import (finish, generate_answers, generation_config, left_padded,  # noqa: E402
                                logits_processors)
from htmlgen.modeling import load_adapted_model, load_base_model, load_tokenizer  # noqa: E402
from htmlgen.prompting import encode_prompt, end_of_turn_id  # noqa: E402

log = logging.getLogger("benchmark.generation")


def hf_generate(model, tokenizer, prompt_ids, config: GenerateConfig, batch_size: int):
    from transformers import set_seed

    eot = end_of_turn_id(tokenizer)
    gen_config = generation_config(config, tokenizer)
    processors = logits_processors(config, tokenizer)
    set_seed(config.seed)
    completions = []
    for start in range(0, len(prompt_ids), batch_size):
        inputs = left_padded(prompt_ids[start:start + batch_size], tokenizer)
        width = inputs["input_ids"].shape[1]
        with torch.no_grad():
            output = model.generate(**inputs, generation_config=gen_config, tokenizer=tokenizer,
                                    logits_processor=processors)
        completions += [finish(tokenizer, ids, config.stop, eot) for ids in output[:, width:].tolist()]
    return completions


def hf_generate_batch(model, tokenizer, prompt_ids, config: GenerateConfig, batch_size: int):
    if config.do_sample or config.dry_multiplier or config.stop:
        return None  # it cannot apply our logits processor
    eot = end_of_turn_id(tokenizer)
    outputs = model.generate_batch(inputs=prompt_ids, generation_config=generation_config(config, tokenizer),
                                   progress_bar=False)
    by_request = sorted(outputs.values(), key=lambda o: int(str(o.request_id).rsplit("_", 1)[-1]))
    return [finish(tokenizer, list(o.generated_tokens), config.stop, eot) for o in by_request]


def decode_batch_row_major(model, tokenizer, prompt_ids, config: GenerateConfig, batch_size: int):
    """decode_batch with the weights left row-major, as before ``generation.decode_layout``."""
    import contextlib

    from htmlgen import generation

    layout = generation.decode_layout
    generation.decode_layout = contextlib.nullcontext
    try:
        return generate_answers(model, tokenizer, prompt_ids, config, batch_size)
    finally:
        generation.decode_layout = layout


WAYS = {"hf_generate": hf_generate, "decode_batch": generate_answers, "decode_batch_row_major": decode_batch_row_major,
        "hf_generate_batch": hf_generate_batch}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, default=ROOT / "models/base")
    parser.add_argument("--adapter", type=Path, default=ROOT / "models/lora")
    parser.add_argument("--no-adapter", action="store_true", help="the base model alone (as evaluate_base)")
    parser.add_argument("--splits", type=Path, default=ROOT / "data/split")
    parser.add_argument("--tokenized", type=Path, default=ROOT / "data/tokenized")
    parser.add_argument("--params", type=Path, default=ROOT / "params.yaml")
    parser.add_argument("--prompts", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-new-tokens", type=int, default=None, help="default: the generate section's")
    parser.add_argument("--greedy", action="store_true", help="greedy, no DRY, no stop string (adds hf_generate_batch)")
    parser.add_argument("--ways", default="decode_batch,hf_generate,hf_generate_batch")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/generation.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    config = load_section(GenerateConfig, "generate", args.params)
    if args.max_new_tokens:
        config = dataclasses.replace(config, max_new_tokens=args.max_new_tokens)
    if args.greedy:
        config = dataclasses.replace(config, do_sample=False, dry_multiplier=0.0, stop=[])
    tokenizer = load_tokenizer(args.base if args.no_adapter else args.adapter)
    if args.no_adapter:
        model = load_base_model(args.base).eval()
    else:
        model = load_adapted_model(args.base, args.adapter).merge_and_unload().eval()  # as evaluate runs it
    system = io.read_json(args.tokenized / "format.json")["system_prompt"]
    examples = evaluation.test_examples(args.splits, args.tokenized, args.prompts)
    prompt_ids = [encode_prompt(tokenizer, e["prompt"], system) for e in examples]

    results = {}
    default_positions = speculation.PASS_POSITIONS
    for way in args.ways.split(","):
        started = time.perf_counter()
        drafted = re.fullmatch(r"drafts(\d+)(?:p(\d+))?", way)
        if drafted:
            speculation.PASS_POSITIONS = int(drafted[2] or default_positions)
            completions = generate_answers(model, tokenizer, prompt_ids, config, args.batch_size,
                                           drafts=int(drafted[1]))
        else:
            completions = WAYS[way](model, tokenizer, prompt_ids, config, args.batch_size)
        seconds = time.perf_counter() - started
        if completions is None:
            log.info("%s: skipped (greedy without DRY or stop strings only: use --greedy)", way)
            continue
        tokens = sum(c.new_tokens for c in completions)
        results[way] = {
            "seconds": round(seconds, 1), "answer_tokens": tokens, "answer_tokens_per_s": round(tokens / seconds, 1),
            "finished_pages": round(sum(evaluation.text_scores(c.text, e["html"])["finished_page"]
                                        for c, e in zip(completions, examples, strict=True)) / len(examples), 3),
            "texts": [c.text for c in completions],
        }
        log.info("%s: %.0f s", way, seconds)
    if "decode_batch" in results:
        # Greedy: every way should write the same answers. Sampling: only our own loops (row-major,
        # drafts) share decode_batch's random streams, so equal texts there mean equal numerics.
        ours = {w for w in results if w == "decode_batch_row_major" or w.startswith("drafts")}
        for way in (set(results) - {"decode_batch"}) if not config.do_sample else ours:
            same = sum(a == b for a, b in zip(results[way]["texts"], results["decode_batch"]["texts"], strict=True))
            results[way]["identical_to_decode_batch"] = f"{same}/{len(examples)}"
            print(f"{same}/{len(examples)} answers identical between {way} and decode_batch")

    columns = ["seconds", "answer_tokens", "answer_tokens_per_s", "finished_pages"]
    print(f"\n{len(examples)} prompts, batch {args.batch_size}, max_new_tokens {config.max_new_tokens}, "
          f"{'greedy' if not config.do_sample else 'sampling'}; torch threads {torch.get_num_threads()}, "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    print("| way | " + " | ".join(columns) + " | speed-up |")
    print("|---" * (len(columns) + 2) + "|")
    reference = results.get("hf_generate", results.get("decode_batch_row_major", results.get("decode_batch", {}))).get("seconds")
    for way, r in results.items():
        speedup = f"{reference / r['seconds']:.2f}x" if reference else "–"
        print(f"| {way} | " + " | ".join(str(r[c]) for c in columns) + f" | {speedup} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    key = (f"{'greedy' if args.greedy else 'params'}_{len(examples)}x{config.max_new_tokens}"
           f"{'_base' if args.no_adapter else ''}{'_drafts' if any(w.startswith('drafts') for w in results) else ''}")
    previous = json.loads(args.out.read_text()) if args.out.is_file() else {}
    previous[key] = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                                 "load_average_end": round(os.getloadavg()[0], 2)},
                     "decoding": dataclasses.asdict(config), "batch_size": args.batch_size,
                     "ways": {w: {k: v for k, v in r.items() if k != "texts"} for w, r in results.items()}}
    args.out.write_text(json.dumps(previous, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
