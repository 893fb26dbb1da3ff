"""base_model: materialise ``model.name`` as a plain Hugging Face checkpoint in models/base
(safetensors + tokenizer + chat template), so later stages load one format, offline.

Its own stage so that a changed data param never re-converts the model."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from htmlgen import io, runner
from htmlgen.artifacts import BASE_FACTS_FILE
from htmlgen.config import ModelConfig, load_section
from htmlgen.modeling import materialise_base

log = logging.getLogger("htmlgen.base_model")

def main(argv=None) -> int:
    def build_parser():
        p = runner.parser(__doc__)
        p.add_argument("--out", type=Path, required=True, help="folder for the checkpoint")
        return p

    def stage(args):
        config = load_section(ModelConfig, "model", args.params)
        started = time.perf_counter()
        with io.atomic_path(args.out) as tmp:
            facts = materialise_base(config, tmp)
            io.write_json(tmp / BASE_FACTS_FILE, facts)
        log.info("%s -> %s: %s, %.1fM parameters, %.0f s", config.name, args.out, facts["architecture"],
                 facts["parameters"] / 1e6, time.perf_counter() - started)

    return runner.run(stage, build_parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
