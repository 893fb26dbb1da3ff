"""export: the adapter in standard PEFT format (models/adapter) with tokenizer, chat template,
model card and htmlgen.json for the server; optionally base + adapter merged (models/merged).

Both are written to a temporary folder and renamed, so an interrupted export never leaves a
half adapter. Merging happens on the full-precision base, never on 4-bit weights (PITFALLS #4)."""

from __future__ import annotations

import logging
from pathlib import Path

import torch

from htmlgen import io, runner
from htmlgen.artifacts import ExportMeta, TrainRecord, read_base_facts, relative_to_adapter, write_export
from htmlgen.config import ConfigError, ExportConfig, GenerateConfig, load_section, to_dict
from htmlgen.modeling import free_memory, load_adapted_model, load_base_model, load_tokenizer, resolve_base
from htmlgen.prompting import encode_prompt

log = logging.getLogger("htmlgen.export")

VLLM_MAX_LORA_RANK = 16  # vLLM's default --max-lora-rank


class ExportCheckFailed(ConfigError):
    """The adapter or the merged weights fail a check export makes before writing anything."""


def vllm_problems(adapter_config: dict, max_lora_rank: int = VLLM_MAX_LORA_RANK) -> list[str]:
    """What makes vLLM's LoRA loader reject the adapter (PITFALLS #8). The same rules as vLLM's
    ``PEFTHelper`` (vllm/lora/peft_helper.py: from_dict, __post_init__, validate_legal), which
    refuses an adapter at load time: required fields, a positive rank not above --max-lora-rank
    (nor any rank_pattern rank), no modules_to_save, no DoRA, no trained bias."""
    problems = [f"adapter_config.json has no {key} (vLLM requires it)"
                for key in ("r", "lora_alpha", "target_modules") if key not in adapter_config]
    ranks = [adapter_config.get("r", 0), *(adapter_config.get("rank_pattern") or {}).values()]
    if any(rank <= 0 for rank in ranks if isinstance(rank, int)) and "r" in adapter_config:
        problems.append(f"r={adapter_config['r']}: vLLM requires a positive rank")
    if max(ranks) > max_lora_rank:
        problems.append(f"r={max(ranks)} > {max_lora_rank}: vLLM refuses it unless started with "
                        f"--max-lora-rank {max(ranks)} (export.vllm_max_lora_rank)")
    if adapter_config.get("modules_to_save"):
        problems.append(f"modules_to_save={adapter_config['modules_to_save']} (vLLM rejects trained full modules)")
    if adapter_config.get("use_dora"):
        problems.append("DoRA adapters are not served by vLLM")
    if adapter_config.get("bias", "none") != "none":
        problems.append(f"bias={adapter_config['bias']!r}: vLLM does not load adapter biases "
                        "(finetune.lora.bias: none)")
    return problems


CARD_METRICS = ("finished_page", "chrf", "markup_rougeL", "render_score", "perplexity", "html_document",
                "parse_errors", "text_rougeL")


def _card_figure(entry) -> str:
    if not isinstance(entry, dict):
        return "–"
    low, high = entry["ci95"]
    return f"{entry['mean']:.3f} [{low:.3f}, {high:.3f}]"


def saved_scale_note(trained_lora: dict, saved: dict) -> str:
    """What finetune.lora.saved_scale did to the adapter, for the card (nothing when it was 1)."""
    scale = trained_lora.get("saved_scale", 1.0)
    if scale == 1.0:
        return ""
    return (f"; saved at {scale} x the trained update (finetune.lora.saved_scale: `lora_alpha` "
            f"{saved.get('lora_alpha')} in adapter_config.json)")


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
- **LoRA**: r={lora['r']}, alpha={lora['alpha']}, dropout={lora['dropout']}, target_modules={lora['target_modules']}{saved_scale_note(lora, meta.lora)}
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


PROBE_PROMPT = "A page with a blue button"


@torch.no_grad()
def merge(base_dir: Path, adapter_dir: Path, system: str):
    """Base + adapter merged, in the base checkpoint's dtype (model.dtype), never into 4-bit weights:
    (merged model, tokenizer, facts). The facts compare merged and adapter logits on a probe
    prompt: ``effect_lost`` is mean |merged - adapter| / mean |adapter - base|, the share of what
    the adapter changes that the merge loses (bfloat16 rounding of W + BA loses some of a small update)."""
    model = load_adapted_model(base_dir, adapter_dir)  # no bitsandbytes: full weights, whatever training used
    tokenizer = load_tokenizer(adapter_dir)
    probe = torch.tensor([encode_prompt(tokenizer, PROBE_PROMPT, system)], device=model.device)
    adapter_logits = model(input_ids=probe).logits.float()
    with model.disable_adapter():
        base_logits = model(input_ids=probe).logits.float()
    merged = model.merge_and_unload()
    difference = merged(input_ids=probe).logits.float() - adapter_logits
    effect = (adapter_logits - base_logits).abs().mean().item()
    facts = {"dtype": str(merged.dtype).removeprefix("torch."), "max_logit_diff": difference.abs().max().item(),
             "effect_lost": difference.abs().mean().item() / effect if effect else 0.0}
    return merged, tokenizer, facts


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
        train = TrainRecord.read(args.lora).to_dict()
        base_facts = read_base_facts(args.base)
        base = resolve_base(args.base, args.quantized)  # the base training used: serve loads this one
        adapter_config = io.read_json(args.lora / "adapter_config.json")
        problems = vllm_problems(adapter_config, config.vllm_max_lora_rank)
        if problems and config.require_vllm_compatible:
            raise ExportCheckFailed(f"{args.lora / 'adapter_config.json'}: vLLM would refuse this adapter: "
                                    + "; ".join(problems)
                                    + " (export.require_vllm_compatible: false exports it anyway)")
        for problem in problems:
            log.warning("vLLM: %s", problem)
        meta = ExportMeta(
            base_model=base_facts["source"], base_path=relative_to_adapter(base, args.out),
            system_prompt=train["format"]["system_prompt"],
            max_seq_len=train["format"]["max_seq_len"], quant=train["quant"], metrics=io.read_json(args.eval),
            lora={k: adapter_config.get(k) for k in ("r", "lora_alpha", "target_modules", "lora_dropout")},
            merged_path=None,  # set below, once the merged weights exist
            generate=to_dict(generate),  # the server decodes as evaluate measured
            # How long pages were chunked in training: the server continues a page in that format.
            long_examples=train["format"].get("long_examples", "drop"),
            chunk_context_tokens=train["format"].get("chunk_context_tokens"),
        )
        if config.merge:
            # Always into models/base's full weights, also for a GPTQ-trained adapter (PITFALLS #4).
            merged, tokenizer, facts = merge(args.base, args.lora, meta.system_prompt)
            if facts["effect_lost"] > config.merge_max_effect_lost:
                raise ExportCheckFailed(
                    f"merged weights ({facts['dtype']}) lose {facts['effect_lost']:.1%} of the adapter's effect on the "
                    f"logits (max |diff| {facts['max_logit_diff']:.3g}), above export.merge_max_effect_lost "
                    f"{config.merge_max_effect_lost:.1%}: serve the adapter, or use model.dtype float32 for merging")
            with io.atomic_path(args.merged) as tmp:
                merged.save_pretrained(str(tmp), safe_serialization=config.safe_serialization)
                tokenizer.save_pretrained(str(tmp))
            meta.merged_path = relative_to_adapter(args.merged, args.out)  # only now that they exist
            log.info("merged -> %s (%s; max |logit diff| vs adapter %.2e, %.2f%% of its effect)", args.merged,
                     facts["dtype"], facts["max_logit_diff"], 100 * facts["effect_lost"])
            del merged  # before the base is loaded again below: not two full models in (GPU) memory at once
            free_memory()
        else:
            with io.atomic_path(args.merged) as tmp:
                tmp.mkdir()
                io.write_text(tmp / "README.md", "Merged weights are written only with export.merge: true.\n")
        card = model_card(meta, base_facts, train, io.read_json(args.data_metrics), problems)
        # Re-save through peft (not a file copy) so the folder is exactly what PeftModel writes.
        peft_model = PeftModel.from_pretrained(load_base_model(base), str(args.lora))
        write_export(peft_model, load_tokenizer(args.lora), meta, args.out, card, config.safe_serialization)
        log.info("adapter -> %s", args.out)

    return runner.run(stage, build_parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
