"""What every stage's ``main()`` shares: logging, and turning known failures into one clear
line on stderr and a non-zero exit instead of a traceback."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from htmlgen.config import ConfigError
from htmlgen.records import DataError

EXIT_BAD_INPUT = 2


def setup_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(name)s: %(message)s", datefmt="%H:%M:%S",
                        stream=sys.stderr, force=True)
    # Chatter that says nothing about this run: rouge-score's tokenizer notice, bitsandbytes'
    # optional-kernel probe on CPU, and torchao's (GPTQ extra) import-time notices.
    for noisy in ("absl", "bitsandbytes", "torchao", "torch.utils._pytree"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--params", default="params.yaml", help="params file (default: params.yaml)")
    return p


def run(stage: Callable[[argparse.Namespace], None], build_parser: Callable[[], argparse.ArgumentParser],
        argv: Sequence[str] | None = None) -> int:
    """Parse args and run ``stage``; bad input ends with exit code 2 and a one-line error."""
    args = build_parser().parse_args(argv)
    setup_logging()
    try:
        stage(args)
    except (DataError, ConfigError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0
