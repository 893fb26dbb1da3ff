"""Engine settings side by side, in one process, no HTTP: N client threads stream requests in a
loop (as serve_load's clients do) against engines that differ in one Limits field; the variants
take turns, so other work on the machine skews them alike. Prints tokens/s and time to first
token per variant and client count, with the load average.

    python benchmarks/serve_engine_ab.py --field max_prefill_tokens --values 1,256 --clients 4,16
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import os
import statistics
import threading
import time

import torch

from htmlgen.generation import use_decode_layout
from htmlgen.serve.engine import Engine, GenerationRequest, load_engine
from htmlgen.serve.settings import Limits, ServeConfig

PROMPTS = [
    "A landing page for a coffee shop with a menu and opening hours",
    "A pricing table with three plans and a highlighted recommended plan",
    "A contact form with name, email and message fields and a submit button",
    "A personal portfolio page with a header, a project grid and a footer",
]


def run(engine: Engine, clients: int, duration: float, max_new_tokens: int) -> tuple[float, float]:
    """(completion tokens/s, p50 time to first token in s) over ``duration`` seconds."""
    tokens, ttfts, lock = [0], [], threading.Lock()
    stop_at = time.monotonic() + duration

    def client(number: int) -> None:
        while time.monotonic() < stop_at:
            started = time.monotonic()
            job = engine.submit(GenerationRequest(PROMPTS[number % len(PROMPTS)], max_new_tokens, temperature=0.7,
                                                  seed=number), stream=True)
            first = None
            for _ in job.chunks():
                first = first or time.monotonic() - started
            with lock:
                tokens[0] += job.result().completion_tokens
                if first is not None:
                    ttfts.append(first)
            number += clients

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tokens[0] / (time.monotonic() - started), statistics.median(ttfts) if ttfts else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--adapter", default="models/adapter")
    parser.add_argument("--field", default="max_prefill_tokens",
                        help="the Limits field that differs; or 'weights_layout' (values row-major,column-major: "
                             "the model as loaded vs re-laid for decoding, as the server does)")
    parser.add_argument("--values", default="1,256", help="its values, one engine each")
    parser.add_argument("--clients", default="4,16")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per variant and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    weights_layout = args.field == "weights_layout"
    base = load_engine(ServeConfig(adapter=args.adapter, limits=Limits(max_batch=16, queue_size=8),
                                   column_major_weights=not weights_layout))
    base.close()  # its model and tokenizer serve every variant (one copy of the weights)
    if weights_layout:
        column_major = copy.deepcopy(base.model)
        use_decode_layout(column_major)
        models = {"row-major": base.model, "column-major": column_major}
        engines = {v: Engine(models[v], base.tokenizer, base.meta, base.limits) for v in args.values.split(",")}
    else:
        kind = type(getattr(Limits(), args.field))
        values = [kind(v) for v in args.values.split(",")]
        engines = {v: Engine(base.model, base.tokenizer, base.meta,
                             dataclasses.replace(base.limits, **{args.field: v})) for v in values}
    for engine in engines.values():
        engine.generate(GenerationRequest(PROMPTS[0], 8))  # warm up
    results: dict[tuple[int, object], list[tuple[float, float]]] = {}
    for _ in range(args.rounds):
        for clients in map(int, args.clients.split(",")):
            for value, engine in engines.items():
                results.setdefault((clients, value), []).append(run(engine, clients, args.duration,
                                                                    args.max_new_tokens))
    for engine in engines.values():
        engine.close()
    print(f"load average {tuple(round(x, 2) for x in os.getloadavg())}, torch threads {torch.get_num_threads()}")
    for (clients, value), runs in results.items():
        tps = statistics.mean(r[0] for r in runs)
        ttft = statistics.mean(r[1] for r in runs)
        print(f"{clients:>3} clients, {args.field}={value}: {tps:6.1f} tokens/s, ttft p50 {ttft:5.2f} s "
              f"(rounds: {', '.join(f'{r[0]:.1f}' for r in runs)})")


if __name__ == "__main__":
    main()
