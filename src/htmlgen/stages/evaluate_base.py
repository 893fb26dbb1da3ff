"""evaluate_base: the base model alone on the held-out sets, decoded as `generate` says.

Its own stage, so that an experiment on finetune (`dvc exp run -S finetune.…`) never regenerates
the base answers: it depends on the base weights, the test data and the evaluate / generate
params only. It also renders the references once (data/eval/reference), which the fine-tuned
evaluation compares against."""

from __future__ import annotations

import logging

from htmlgen import evaluation, io, runner
from htmlgen.config import EvaluateConfig, GenerateConfig, QuantConfig, load_section
from htmlgen.modeling import load_base_model, load_tokenizer, resolve_base

log = logging.getLogger("htmlgen.evaluate_base")


def main(argv=None) -> int:
    def build_parser():
        p = runner.parser(__doc__)
        evaluation.add_common_arguments(p)
        return p

    def stage(args):
        config = load_section(EvaluateConfig, "evaluate", args.params)
        generate = load_section(GenerateConfig, "generate", args.params)
        quant = load_section(QuantConfig, "quant", args.params)
        base = resolve_base(args.base, args.quantized)
        tokenizer = load_tokenizer(base)
        sets, data_format = evaluation.load_sets(args.splits, args.tokenized, tokenizer, config)
        model = load_base_model(base, quant)
        model.eval()
        with io.atomic_path(args.out) as out, io.atomic_path(args.references) as references:
            out.mkdir()
            references.mkdir()
            evaluation.score_model(model, tokenizer, sets, data_format["system_prompt"], generate, config, out,
                                   references, render_references=True,
                                   context_tokens=evaluation.context_tokens_of(data_format))

    return runner.run(stage, build_parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
