"""Would speculative decoding from the page itself (prompt lookup) pay on this machine? Two measurements
side by side, which together decide it:

1. *Acceptance*, replayed on answers the evaluate stages already wrote (data/eval/*/test.jsonl): at each
   step, draft the k tokens that followed the most recent earlier occurrence of the last n tokens
   (prompt + answer so far) and count how many the answer actually continues with. A sampled answer's
   tokens are what verification would have accepted, so this is an unbiased estimate of the tokens
   gained per forward pass without running the model.
2. *Cost*: one forward pass of W new tokens per row over a KV cache, for batch sizes and cache lengths
   (SmolLM2 from models/base, fp32, weights column-major as decoding has them), against W = 1.

Speculation pays only where tokens per pass (1) outgrow the cost ratio (2).

    python benchmarks/lookup_decoding.py [--drafts 2,4,8] [--widths 1,3,5] [--batches 32,12,4,1]

Results: benchmarks/results/lookup_decoding.json.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import torch  # noqa: E402

from htmlgen import io  # noqa: E402
from htmlgen.generation import kv_cache, use_decode_layout  # noqa: E402
from htmlgen.modeling import load_base_model, load_tokenizer  # noqa: E402
from htmlgen.prompting import encode_prompt  # noqa: E402


def draft(seq: list[int], k: int, longest: int) -> list[int]:
    """The k tokens after the most recent earlier occurrence of the last n tokens (n = longest .. 1)."""
    for n in range(longest, 0, -1):
        if len(seq) <= n:
            continue
        key = seq[-n:]
        for start in range(len(seq) - n - 1, -1, -1):
            if seq[start:start + n] == key:
                return seq[start + n:start + n + k]
    return []


def tokens_per_pass(prompts: list[list[int]], answers: list[list[int]], k: int, longest: int) -> float:
    """Answer tokens per verification pass: each pass keeps the accepted drafts plus one token."""
    passes = tokens = 0
    for prompt, answer in zip(prompts, answers, strict=True):
        seq, done = list(prompt), 0
        while done < len(answer):
            accepted = 0
            for token in draft(seq, k, longest):
                if done + accepted < len(answer) and answer[done + accepted] == token:
                    accepted += 1
                else:
                    break
            step = min(accepted + 1, len(answer) - done)
            seq += answer[done:done + step]
            done += step
            passes += 1
        tokens += len(answer)
    return tokens / passes


@torch.no_grad()
def pass_ms(model, batch: int, cache_len: int, width: int, repeats: int = 5) -> float:
    """Median milliseconds of one forward pass of ``width`` new tokens per row over ``cache_len`` cached."""
    cache = kv_cache(model, cache_len + width)
    model(input_ids=torch.randint(100, 40000, (batch, cache_len)), past_key_values=cache, use_cache=True,
          logits_to_keep=1)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        model(input_ids=torch.randint(100, 40000, (batch, width)), past_key_values=cache, use_cache=True,
              logits_to_keep=width)
        times.append(time.perf_counter() - started)
        for layer in cache.layers:  # back to cache_len: every repeat measures the same pass
            layer.length = cache_len
            layer._views()
    return round(1000 * sorted(times)[len(times) // 2], 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, default=ROOT / "models/base")
    parser.add_argument("--splits", type=Path, default=ROOT / "data/split")
    parser.add_argument("--tokenized", type=Path, default=ROOT / "data/tokenized")
    parser.add_argument("--answers", nargs="+", type=Path,
                        default=[ROOT / "data/eval/finetuned/test.jsonl", ROOT / "data/eval/base/test.jsonl"])
    parser.add_argument("--drafts", default="2,4,8", help="draft lengths k")
    parser.add_argument("--longest", type=int, default=3, help="longest n-gram looked up")
    parser.add_argument("--widths", default="1,3,5", help="new tokens per row per pass")
    parser.add_argument("--batches", default="32,12,4,1")
    parser.add_argument("--cache", type=int, default=800, help="cached positions per row")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/lookup_decoding.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    tokenizer = load_tokenizer(args.base)
    system = io.read_json(args.tokenized / "format.json")["system_prompt"]
    requests = {r["id"]: r["prompt"] for r in io.read_jsonl(args.splits / "test.jsonl")}
    acceptance = {}
    for path in args.answers:
        rows = io.read_jsonl(path)
        prompts = [encode_prompt(tokenizer, requests[r["id"]], system) for r in rows]
        answers = [tokenizer(r["text"], add_special_tokens=False)["input_ids"] for r in rows]
        acceptance[str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)] = {
            k: round(tokens_per_pass(prompts, answers, k, args.longest), 3) for k in map(int, args.drafts.split(","))}

    model = load_base_model(args.base).eval()
    use_decode_layout(model)
    widths = list(map(int, args.widths.split(",")))
    cost = {b: {w: pass_ms(model, b, args.cache, w) for w in widths} for b in map(int, args.batches.split(","))}

    print("\nAnswer tokens per verification pass (prompt lookup, n <= %d):" % args.longest)
    print("| answers | " + " | ".join(f"k = {k}" for k in args.drafts.split(",")) + " |")
    print("|---" * (len(args.drafts.split(",")) + 1) + "|")
    for path, by_k in acceptance.items():
        print(f"| {path} | " + " | ".join(str(v) for v in by_k.values()) + " |")
    print(f"\nMilliseconds per forward pass, {args.cache} cached positions per row (ratio to 1 new token):")
    print("| batch | " + " | ".join(f"{w} new" for w in widths) + " |")
    print("|---" * (len(widths) + 1) + "|")
    for batch, by_width in cost.items():
        one = by_width[widths[0]]
        print(f"| {batch} | " + " | ".join(f"{ms} ({ms / one:.2f}x)" for ms in by_width.values()) + " |")
    io.write_json(args.out, {"date": time.strftime("%Y-%m-%d"), "longest_ngram": args.longest,
                             "cache_positions": args.cache, "threads": args.threads,
                             "tokens_per_pass": acceptance,
                             "ms_per_pass": {str(b): {str(w): v for w, v in by.items()} for b, by in cost.items()}})
    print(f"\nfigures in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
