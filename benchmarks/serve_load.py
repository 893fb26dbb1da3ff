"""Load benchmark for ``htmlgen serve``: N concurrent clients on loopback for a bounded time.

Starts the real server (waitress, ``python -m htmlgen.cli serve``) as a subprocess on 127.0.0.1
with a free port, then for each N in --clients runs N client threads for --duration seconds.
Each client streams /api/generate/stream in a loop (so time to first token is measured too);
on a 503 it waits Retry-After (capped at 1 s) and tries again. Requests still running at the end
of the window are waited for and counted.

Prints a table and writes benchmarks/results/serve_load.json: requests/s, completion tokens/s,
p50/p95 latency and time to first streamed token, deliberate 503s, and any other 5xx.

    python benchmarks/serve_load.py --adapter models/adapter --clients 1,4,16 --duration 30
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROMPTS = [
    "A landing page for a coffee shop with a menu and opening hours",
    "A pricing table with three plans and a highlighted recommended plan",
    "A contact form with name, email and message fields and a submit button",
    "A personal portfolio page with a header, a project grid and a footer",
    "A login page with a centered card, remember-me checkbox and a reset link",
    "A FAQ page with five collapsible questions",
    "A blog post layout with a title, author line, hero image and comments section",
    "A 404 error page with a friendly message and a link back home",
]


@dataclass
class Outcome:
    status: int  # HTTP status; 0 when the connection failed
    latency_s: float
    ttft_s: float | None  # time to the first token event
    completion_tokens: int
    stream_error: str | None  # an `error` event inside a 200 stream


# --------------------------------------------------------------------------- the server


class Server:
    """``htmlgen serve`` in a subprocess; its output is drained so it never blocks on a full pipe."""

    def __init__(self, args: argparse.Namespace):
        command = [sys.executable, "-m", "htmlgen.cli", "serve", "--adapter", args.adapter, "--host", "127.0.0.1",
                   "--port", "0", "--max-batch", str(args.max_batch), "--queue-size", str(args.queue_size),
                   "--timeout", str(args.timeout),
                   "--max-new-tokens", str(args.max_new_tokens), "--default-max-new-tokens", str(args.max_new_tokens)]
        if args.base:
            command += ["--base", args.base]
        if args.merged:
            command.append("--merged")
        if not args.merge_adapter:
            command.append("--no-merge-adapter")
        if args.torch_threads:
            command += ["--torch-threads", str(args.torch_threads)]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env=env, cwd=REPO)
        self.log: deque[str] = deque(maxlen=50)
        self.url = self._wait_for_url(args.start_timeout)
        threading.Thread(target=self._drain, daemon=True).start()

    def _wait_for_url(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.log.append(line)
            if match := re.search(r"serving .* on (http://127\.0\.0\.1:\d+)", line):
                return match.group(1)
        self.stop()
        raise SystemExit("the server did not start:\n" + "".join(self.log))

    def _drain(self) -> None:
        for line in self.process.stdout:
            self.log.append(line)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --------------------------------------------------------------------------- clients


def get_json(url: str, path: str) -> dict:
    connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=30)
    try:
        connection.request("GET", path)
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


def stream_once(url: str, body: dict, timeout: float) -> tuple[Outcome, float]:
    """One streamed generation: its outcome and the Retry-After it was given (0 if none)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=timeout)
    try:
        connection.request("POST", "/api/generate/stream", body=json.dumps(body),
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        if response.status != 200:
            response.read()
            retry_after = float(response.getheader("Retry-After") or 0)
            return Outcome(response.status, time.monotonic() - started, None, 0, None), retry_after
        ttft, tokens, error, event = None, 0, None, ""
        while line := response.readline():
            line = line.decode()
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data = json.loads(line[5:])
                if event == "token" and ttft is None:
                    ttft = time.monotonic() - started
                elif event == "done":
                    tokens = data["usage"]["completion_tokens"]
                elif event == "error":
                    error = data["error"]["type"]
        return Outcome(200, time.monotonic() - started, ttft, tokens, error), 0.0
    except (OSError, http.client.HTTPException) as err:
        return Outcome(0, time.monotonic() - started, None, 0, type(err).__name__), 0.0
    finally:
        connection.close()


def run_level(url: str, clients: int, duration: float, args: argparse.Namespace) -> dict:
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    counter = iter(range(10**9))
    stop_at = time.monotonic() + duration

    def client() -> None:
        while time.monotonic() < stop_at:
            with lock:
                number = next(counter)
            body = {"prompt": PROMPTS[number % len(PROMPTS)], "max_new_tokens": args.max_new_tokens,
                    "temperature": args.temperature, "seed": number}
            outcome, retry_after = stream_once(url, body, args.timeout + 30)
            with lock:
                outcomes.append(outcome)
            if outcome.status == 503:
                time.sleep(min(retry_after, 1.0))

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarise(clients, outcomes, time.monotonic() - started)


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]  # nearest rank


def summarise(clients: int, outcomes: list[Outcome], wall_s: float) -> dict:
    ok = [o for o in outcomes if o.status == 200 and o.stream_error is None]
    latencies = [o.latency_s * 1000 for o in ok]
    ttfts = [o.ttft_s * 1000 for o in ok if o.ttft_s is not None]
    return {
        "clients": clients,
        "wall_s": round(wall_s, 2),
        "requests": len(outcomes),
        "ok": len(ok),
        "rejected_503": sum(o.status == 503 for o in outcomes),
        "errors_5xx": sum(o.status >= 500 and o.status != 503 for o in outcomes),
        "stream_errors": sum(o.status == 200 and o.stream_error is not None for o in outcomes),
        "failed_connections": sum(o.status == 0 for o in outcomes),
        "other_4xx": sum(400 <= o.status < 500 for o in outcomes),
        "statuses": dict(sorted(Counter(str(o.status) for o in outcomes).items())),
        "stream_error_types": dict(Counter(o.stream_error for o in outcomes if o.stream_error)),
        "requests_per_s": round(len(ok) / wall_s, 3),
        "completion_tokens_per_s": round(sum(o.completion_tokens for o in ok) / wall_s, 1),
        "latency_ms": {"p50": _round(percentile(latencies, 0.5)), "p95": _round(percentile(latencies, 0.95))},
        "ttft_ms": {"p50": _round(percentile(ttfts, 0.5)), "p95": _round(percentile(ttfts, 0.95))},
    }


def _round(value: float | None) -> int | None:
    return None if value is None else round(value)


# --------------------------------------------------------------------------- main


def print_table(results: list[dict]) -> None:
    header = (f"{'clients':>7} {'ok':>5} {'503':>5} {'5xx':>4} {'req/s':>7} {'tok/s':>7} "
              f"{'p50 ms':>8} {'p95 ms':>8} {'ttft p50':>9} {'ttft p95':>9}")
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['clients']:>7} {r['ok']:>5} {r['rejected_503']:>5} {r['errors_5xx'] + r['stream_errors']:>4} "
              f"{r['requests_per_s']:>7.2f} {r['completion_tokens_per_s']:>7.1f} "
              f"{r['latency_ms']['p50'] or '-':>8} {r['latency_ms']['p95'] or '-':>8} "
              f"{r['ttft_ms']['p50'] or '-':>9} {r['ttft_ms']['p95'] or '-':>9}")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--adapter", default="models/adapter", help="adapter folder (default: %(default)s)")
    parser.add_argument("--base", default=None, help="base model folder (default: the adapter's htmlgen.json)")
    parser.add_argument("--merged", action="store_true", help="serve the merged weights")
    parser.add_argument("--merge-adapter", action=argparse.BooleanOptionalAction, default=True,
                        help="fold the adapter into the base at load (default: %(default)s)")
    parser.add_argument("--clients", default="1,4,16", help="concurrency levels (default: %(default)s)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per level (default: %(default)s)")
    parser.add_argument("--max-new-tokens", type=int, default=64, help="per request (default: %(default)s)")
    parser.add_argument("--temperature", type=float, default=0.7, help="per request (default: %(default)s)")
    parser.add_argument("--max-batch", type=int, default=16, help="requests decoded together (default: %(default)s)")
    parser.add_argument("--queue-size", type=int, default=8, help="server queue (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=120.0, help="server time limit (default: %(default)s)")
    parser.add_argument("--torch-threads", type=int, default=0, help="server's torch threads (0 = its default)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests first (default: %(default)s)")
    parser.add_argument("--start-timeout", type=float, default=300.0, help="seconds to wait for the model to load")
    parser.add_argument("--note", default="", help="free text stored with the results (what was served, where)")
    parser.add_argument("--out", default="benchmarks/results/serve_load.json", help="results (default: %(default)s)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    levels = [int(n) for n in args.clients.split(",")]
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    server = Server(args)
    try:
        info = get_json(server.url, "/api/info")
        for prompt in PROMPTS[:args.warmup]:  # the first generations on CPU are several times slower
            stream_once(server.url, {"prompt": prompt, "max_new_tokens": args.max_new_tokens}, args.timeout)
        results = []
        for clients in levels:
            print(f"{clients} client(s) for {args.duration:g} s ...", file=sys.stderr, flush=True)
            results.append(run_level(server.url, clients, args.duration, args))
    finally:
        server.stop()
    print_table(results)
    if any(r["errors_5xx"] or r["stream_errors"] or r["failed_connections"] for r in results):
        print("unexpected errors; the server's last log lines:\n" + "".join(server.log), file=sys.stderr)
    report = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_average_at_start": load_at_start,
                    "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},  # other work on the machine skews every figure
        "note": args.note,
        "settings": {k: v for k, v in vars(args).items() if k not in ("out", "start_timeout")},
        "model": {k: info.get(k) for k in ("base_model", "adapter", "base_path", "merged", "adapter_merged_at_load")},
        "results": results,
    }
    out = REPO / args.out if not Path(args.out).is_absolute() else Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(REPO) if out.is_relative_to(REPO) else out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
