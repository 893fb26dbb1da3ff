"""export: the adapter in standard PEFT format (models/adapter) with tokenizer, chat template,
model card and htmlgen.json for the server; optionally base + adapter merged (models/merged).

Both are written to a temporary folder and renamed, so an interrupted export never leaves a
half adapter. Merging happens on the full-precision base, never on 4-bit weights (PITFALLS #4)."""

from __future__ import annotations

import logging
from pathlib import Path

import torch

from htmlgen import io, runner
from htmlgen.artifacts import ExportMeta, relative_to_adapter, write_export
from htmlgen.config import ExportConfig, GenerateConfig, load_section, to_dict
from htmlgen.modeling import load_adapted_model, load_tokenizer, resolve_base
from htmlgen.prompting import encode_prompt
from htmlgen.stages.base_model import FACTS_FILE
from htmlgen.stages.finetune import TRAIN_FILE

log = logging.getLogger("htmlgen.export")

VLLM_MAX_LORA_RANK = 16  # vLLM's default --max-lora-rank


def vllm_problems(adapter_config: dict) -> list[str]:
    """What would make vLLM's LoRA loader reject the adapter (PITFALLS #8)."""
    problems = []
    if adapter_config.get("modules_to_save"):
        problems.append(f"modules_to_save={adapter_config['modules_to_save']} (vLLM rejects trained full modules)")
    if adapter_config.get("use_dora"):
        problems.append("DoRA adapters are not served by vLLM")
    if adapter_config.get("r", 0) > VLLM_MAX_LORA_RANK:
        problems.append(f"r={adapter_config['r']} > {VLLM_MAX_LORA_RANK}: start vLLM with --max-lora-rank")
    for key in ("r", "lora_alpha", "target_modules"):
        if key not in adapter_config:
            problems.append(f"adapter_config.json has no {key}")
    return problems


CARD_METRICS = ("finished_page", "chrf", "markup_rougeL", "render_score", "perplexity", "html_document",
                "parse_errors", "text_rougeL")


def _card_figure(entry) -> str:
    if not isinstance(entry, dict):
        return "–"
    low, high = entry["ci95"]
    return f"{entry['mean']:.3f} [{low:.3f}, {high:.3f}]"


def model_card(meta: ExportMeta, base_facts: dict, train: dict, data: dict, problems: list[str]) -> str:
    ft, base = meta.metrics.get("finetuned", {}), meta.metrics.get("base", {})
    rows = "\n".join(f"| {name} | {_card_figure(base.get(name))} | {_card_figure(ft.get(name))} |"
                     for name in CARD_METRICS if name in ft)
    lora = train["finetune"]["lora"]
    return f"""---
library_name: peft
base_model: {meta.base_model}
tags: [lora, html, htmlgen]
---
# htmlgen LoRA adapter for {meta.base_model}

Writes a complete HTML document from a natural-language request. Trained by the htmlgen DVC pipeline.

- **Base model**: `{meta.base_model}` ({base_facts.get('architecture')}, {base_facts.get('parameters', 0) / 1e6:.1f}M parameters), loaded as `{meta.quant.get('load_in')}` quantisation in training
- **Data**: {data.get('source')} — {data.get('split', {})} rows (train / validation / test)
- **LoRA**: r={lora['r']}, alpha={lora['alpha']}, dropout={lora['dropout']}, target_modules={lora['target_modules']}
- **Training**: {train['summary'].get('steps')} steps, learning rate {train['finetune']['learning_rate']}, final train loss {train['summary'].get('train_loss')}, validation loss {train['summary'].get('eval_loss')}
- **Prompt format**: the tokenizer's chat template with the system prompt in `htmlgen.json` (use the same at inference)
- **vLLM**: {'compatible' if not problems else 'not compatible: ' + '; '.join(problems)}

## Evaluation on the held-out test split ({meta.metrics.get('examples')} prompts, {meta.metrics.get('decoding_label', '')})

Means with 95% bootstrap intervals. `finished_page`: the answer parses as a document and ends with
`</html>`; chrF and markup ROUGE-L see the raw markup; `render_score`: screenshots and rendered text,
layout and colours in headless Chromium against the reference; `text_rougeL` sees words only.

| metric | base | fine-tuned |
|---|---|---|
{rows}

## Use

```python
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer
base = AutoModelForCausalLM.from_pretrained("models/adapter/{meta.base_path}")  # htmlgen.json's base_path
model = PeftModel.from_pretrained(base, "models/adapter")
tokenizer = AutoTokenizer.from_pretrained("models/adapter")
```
or `htmlgen serve --adapter models/adapter`.
"""


@torch.no_grad()
def merge(base_dir: Path, adapter_dir: Path, out_dir: Path, system: str, safe_serialization: bool) -> float:
    """Merge into the full-precision base and save; returns max |logit difference| adapter vs merged."""
    model = load_adapted_model(base_dir, adapter_dir)  # full precision, whatever training used
    tokenizer = load_tokenizer(adapter_dir)
    probe = torch.tensor([encode_prompt(tokenizer, "A page with a blue button", system)])
    adapter_logits = model(input_ids=probe).logits
    merged = model.merge_and_unload()
    difference = (merged(input_ids=probe).logits - adapter_logits).abs().max().item()
    with io.atomic_path(out_dir) as tmp:
        merged.save_pretrained(str(tmp), safe_serialization=safe_serialization)
        tokenizer.save_pretrained(str(tmp))
    return difference


def main(argv=None) -> int:
    def build_parser():
        p = runner.parser(__doc__)
        p.add_argument("--base", type=Path, required=True, help="base model folder")
        p.add_argument("--quantized", type=Path, help="quantize stage output: its GPTQ checkpoint replaces --base")
        p.add_argument("--lora", type=Path, required=True, help="adapter written by finetune")
        p.add_argument("--eval", type=Path, required=True, help="metrics of evaluate")
        p.add_argument("--data-metrics", type=Path, required=True, help="metrics of split (for the card)")
        p.add_argument("--out", type=Path, required=True, help="folder for the PEFT adapter")
        p.add_argument("--merged", type=Path, required=True, help="folder for merged weights")
        return p

    def stage(args):
        from peft import PeftModel

        config = load_section(ExportConfig, "export", args.params)
        generate = load_section(GenerateConfig, "generate", args.params)
        train = io.read_json(args.lora / TRAIN_FILE)
        base_facts = io.read_json(args.base / FACTS_FILE)
        base = resolve_base(args.base, args.quantized)  # the base training used: serve loads this one
        adapter_config = io.read_json(args.lora / "adapter_config.json")
        problems = vllm_problems(adapter_config)
        for problem in problems:
            log.warning("vLLM: %s", problem)
        meta = ExportMeta(
            base_model=base_facts["source"], base_path=relative_to_adapter(base, args.out),
            system_prompt=train["format"]["system_prompt"],
            max_seq_len=train["format"]["max_seq_len"], quant=train["quant"], metrics=io.read_json(args.eval),
            lora={k: adapter_config.get(k) for k in ("r", "lora_alpha", "target_modules", "lora_dropout")},
            merged_path=relative_to_adapter(args.merged, args.out) if config.merge else None,
            generate=to_dict(generate),  # the server decodes as evaluate measured
        )
        card = model_card(meta, base_facts, train, io.read_json(args.data_metrics), problems)
        # Re-save through peft (not a file copy) so the folder is exactly what PeftModel writes.
        from htmlgen.modeling import load_base_model

        peft_model = PeftModel.from_pretrained(load_base_model(base), str(args.lora))
        write_export(peft_model, load_tokenizer(args.lora), meta, args.out, card, config.safe_serialization)
        log.info("adapter -> %s", args.out)

        if config.merge:
            # Always into models/base in full precision, also for a GPTQ-trained adapter (PITFALLS #4).
            difference = merge(args.base, args.out, args.merged, meta.system_prompt, config.safe_serialization)
            log.info("merged -> %s (max |logit diff| vs adapter %.2e)", args.merged, difference)
        else:
            with io.atomic_path(args.merged) as tmp:
                tmp.mkdir()
                io.write_text(tmp / "README.md", "Merged weights are written only with export.merge: true.\n")

    return runner.run(stage, build_parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
