"""``htmlgen serve``: load the adapter once and serve the app on waitress."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import signal
import sys

from htmlgen.serve.settings import Limits, ServeConfig, field_help, serve_config

HELP = "serve the exported adapter over HTTP: JSON API, SSE stream and a page to try it (waitress)"
log = logging.getLogger("htmlgen.serve")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--adapter", default=ServeConfig.adapter, help=field_help(ServeConfig, "adapter"))
    parser.add_argument("--base", default=None, help=field_help(ServeConfig, "base"))
    parser.add_argument("--merged", action="store_true", help=field_help(ServeConfig, "merged"))
    parser.add_argument("--merge-adapter", action=argparse.BooleanOptionalAction, default=ServeConfig.merge_adapter,
                        help=field_help(ServeConfig, "merge_adapter"))
    parser.add_argument("--column-major-weights", action=argparse.BooleanOptionalAction,
                        default=ServeConfig.column_major_weights, help=field_help(ServeConfig, "column_major_weights"))
    parser.add_argument("--backend-url", default=None,
                        help="generate on this OpenAI-compatible server (e.g. vLLM: http://host:8000/v1) instead of "
                             "loading the model here; the adapter folder still gives the prompt format and limits")
    parser.add_argument("--backend-model", default="htmlgen",
                        help="the model name the backend serves the adapter under (default: %(default)s)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="port; 0 picks a free one (default: %(default)s)")
    parser.add_argument("--threads", type=int, default=None,
                        help="waitress threads (default: max batch + queue size + 8, so a full queue still answers 503 at once)")
    parser.add_argument("--torch-threads", type=int, default=0,
                        help="torch CPU threads for generation; 0 = torch's default (one per core). Try 1 when other "
                             "processes share the cores: oversubscribed threads can make generation several times slower")
    limits = parser.add_argument_group("limits")
    for limit in dataclasses.fields(Limits):  # one flag per Limits field, its help written once there
        kind = int if limit.default is None else type(limit.default)  # None: "use the adapter's value"
        limits.add_argument(f"--{limit.name.replace('_', '-')}", type=kind, default=limit.default,
                            help=f"{limit.metadata['help']} (default: %(default)s)")


def run(args: argparse.Namespace) -> int:
    import torch

    from htmlgen.serve import create_app
    from htmlgen.serve.wsgi import make_server

    config = serve_config({
        "adapter": args.adapter, "base": args.base, "merged": args.merged, "merge_adapter": args.merge_adapter,
        "column_major_weights": args.column_major_weights,
        "limits": {limit.name: getattr(args, limit.name) for limit in dataclasses.fields(Limits)},
    })
    if args.torch_threads > 0:
        torch.set_num_threads(args.torch_threads)
    if args.backend_url:
        from htmlgen.serve.remote import load_remote_engine

        app = create_app(config, engine=load_remote_engine(config, args.backend_url, args.backend_model))
    else:
        app = create_app(config)
    server = make_server(app, config.limits, args.host, args.port, args.threads)
    # SIGTERM (docker stop, systemd) ends the server like Ctrl-C: waitress catches SystemExit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    where = f" via {args.backend_url}" if args.backend_url else ""
    print(f"htmlgen: serving {config.adapter}{where} on http://{args.host}:{server.effective_port} "
          f"(queue {config.limits.queue_size}, timeout {config.limits.timeout:g} s)", flush=True)
    try:
        server.run()
    finally:
        app.extensions["htmlgen"].close()
    return 0
