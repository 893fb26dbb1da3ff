"""quantize: optional GPTQ quantization of models/base into models/quantized (gptqmodel).

With ``quantize.method: none`` (the default) it only writes htmlgen_quantize.json saying so, and
finetune / evaluate / export keep using models/base. With ``gptq`` it quantizes layer by layer on
pairs drawn from the training split (formatted exactly as tokenize formats them) and writes a
GPTQ checkpoint + tokenizer that finetune (LoRA through peft), evaluate and serve load as their base."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from htmlgen import io, runner
from htmlgen.config import GptqConfig, PromptConfig, load_section, to_dict
from htmlgen.artifacts import QUANTIZE_FILE
from htmlgen.gptq import quantize, sample_rows
from htmlgen.prompting import build_example

log = logging.getLogger("htmlgen.quantize")


def calibration_ids(rows: list[dict], tokenizer, system: str, config: GptqConfig) -> list[list[int]]:
    """Token ids of ``config.calibration_samples`` training pairs (prompt + HTML, cut to max_len)."""
    picked = sample_rows(rows, config.calibration_samples, config.seed)
    return [build_example(tokenizer, row["prompt"], row["html"], system, config.calibration_max_len,
                          "truncate").input_ids for row in picked]


def main(argv=None) -> int:
    def build_parser():
        p = runner.parser(__doc__)
        p.add_argument("--base", type=Path, required=True, help="base model folder (written by base_model)")
        p.add_argument("--train", type=Path, required=True, help="training split (jsonl): calibration data")
        p.add_argument("--out", type=Path, required=True, help="folder for the quantized checkpoint")
        return p

    def stage(args):
        config = load_section(GptqConfig, "quantize", args.params)
        if config.method == "none":
            with io.atomic_path(args.out) as tmp:
                tmp.mkdir()
                io.write_json(tmp / QUANTIZE_FILE, {"method": "none"})
            log.info("quantize.method none: %s says so; finetune and evaluate use %s", args.out, args.base)
            return
        from htmlgen.modeling import load_tokenizer

        system = load_section(PromptConfig, "prompt", args.params).system
        tokenizer = load_tokenizer(args.base)
        ids = calibration_ids(io.read_jsonl(args.train), tokenizer, system, config)
        started = time.perf_counter()
        with io.atomic_path(args.out) as tmp:
            facts = quantize(args.base, tmp, ids, config)
            tokenizer.save_pretrained(str(tmp))  # with the chat template, as models/base has it
            io.write_json(tmp / QUANTIZE_FILE, {**facts, "base": str(args.base), "params": to_dict(config)})
        log.info("%s -> %s: GPTQ %d-bit in %.0f s", args.base, args.out, config.bits, time.perf_counter() - started)

    return runner.run(stage, build_parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
