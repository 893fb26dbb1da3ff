"""The export stage: the PEFT adapter it writes gives the trained model's logits back, the merged
weights give the same logits without LoRA modules, the files suit vLLM, and re-exporting replaces
the old folder atomically (PITFALLS #4, #5, #8)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import torch
import yaml
from safetensors.torch import load_file

from htmlgen import io
from htmlgen.artifacts import BASE_FACTS_FILE, TRAIN_RECORD_FILE, ExportMeta, resolve_from_adapter
from htmlgen.config import FinetuneConfig, LoraSection, QuantConfig, TokenizeConfig, to_dict
from htmlgen.modeling import load_base_model, load_exported, load_tokenizer
from htmlgen.prompting import encode_prompt
from htmlgen.stages import export as export_stage

SYSTEM = "You are a careful web developer. Reply with HTML only."
TARGETS = ["q_proj", "v_proj", "down_proj"]
PROMPTS = ["A page with a blue button", "A pricing table with three plans"]


@pytest.fixture(scope="module")
def trained(tiny_base_dir, tmp_path_factory):
    """Inputs of the export stage as finetune / evaluate / split leave them, plus the in-memory adapter."""
    from peft import LoraConfig, get_peft_model

    root = tmp_path_factory.mktemp("export_inputs")
    base = root / "base"
    shutil.copytree(tiny_base_dir, base)
    io.write_json(base / BASE_FACTS_FILE, {"source": "tiny-test-llama", "source_kind": "local",
                                      "architecture": "LlamaForCausalLM", "parameters": 100_000})

    torch.manual_seed(3)
    lora = LoraSection(r=4, alpha=8, dropout=0.0, target_modules=TARGETS)
    model = get_peft_model(load_base_model(base), LoraConfig(r=lora.r, lora_alpha=lora.alpha, lora_dropout=0.0,
                                                             target_modules=TARGETS, task_type="CAUSAL_LM"))
    with torch.no_grad():  # as if trained: lora_B starts at zero, which would make every check trivial
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.3)
    model.eval()

    adapter = root / "lora"
    tokenizer = load_tokenizer(base)
    model.save_pretrained(str(adapter))
    tokenizer.save_pretrained(str(adapter))
    io.write_json(adapter / TRAIN_RECORD_FILE, {  # the record finetune writes beside its adapter
        "format": {"system_prompt": SYSTEM, "max_seq_len": 256, "long_examples": "drop"},
        "quant": to_dict(QuantConfig()), "base": str(base), "finetune": to_dict(FinetuneConfig(lora=lora, max_steps=2)),
        "summary": {"train_loss": 5.9, "steps": 2, "eval_loss": 5.8},
    })
    metrics = root / "metrics"
    figures = {"chrf": {"mean": 0.1, "ci95": [0.05, 0.15]}, "perplexity": {"mean": 300.0, "ci95": [250.0, 350.0]},
               "finished_page": {"mean": 0.0, "ci95": [0.0, 0.0]}}
    io.write_json(metrics / "eval.json", {"examples": 2, "base": figures, "finetuned": figures})
    io.write_json(metrics / "data.json", {"source": "sample", "split": {"train": 8, "validation": 1, "test": 2}})
    return {"root": root, "base": base, "adapter": adapter, "model": model, "tokenizer": tokenizer}


def run_export(trained, out_root: Path, merge: bool = False, expect_rc: int = 0, lora: Path | None = None,
               base: Path | None = None, **export_params) -> tuple[Path, Path]:
    out_root.mkdir(parents=True, exist_ok=True)
    params = out_root / "params.yaml"
    params.write_text(yaml.safe_dump({"export": {"merge": merge, **export_params},
                                      "generate": {"max_new_tokens": 300, "dry_multiplier": 0.8}}))
    out, merged = out_root / "models" / "adapter", out_root / "models" / "merged"
    metrics = trained["root"] / "metrics"
    rc = export_stage.main(["--params", str(params), "--base", str(base or trained["base"]),
                            "--lora", str(lora or trained["adapter"]),
                            "--eval", str(metrics / "eval.json"), "--data-metrics", str(metrics / "data.json"),
                            "--out", str(out), "--merged", str(merged)])
    assert rc == expect_rc
    return out, merged


def probe(tokenizer) -> torch.Tensor:
    ids = [encode_prompt(tokenizer, p, SYSTEM) for p in PROMPTS]
    width = max(map(len, ids))
    return torch.tensor([[tokenizer.pad_token_id] * (width - len(i)) + i for i in ids]), \
        torch.tensor([[0] * (width - len(i)) + [1] * len(i) for i in ids])


@torch.no_grad()
def logits(model, tokenizer) -> torch.Tensor:
    ids, mask = probe(tokenizer)
    return model(input_ids=ids, attention_mask=mask).logits


def test_exported_adapter_gives_same_logits(trained, tmp_path):
    from peft import PeftModel

    out, _ = run_export(trained, tmp_path)
    tokenizer = trained["tokenizer"]
    expected = logits(trained["model"], tokenizer)
    with trained["model"].disable_adapter():
        base_logits = logits(trained["model"], tokenizer)
    assert (expected - base_logits).abs().max() > 1e-2, "the adapter hardly changes the outputs: the test is void"

    reloaded = PeftModel.from_pretrained(load_base_model(trained["base"]), str(out))
    reloaded.eval()
    torch.testing.assert_close(logits(reloaded, tokenizer), expected, atol=1e-5, rtol=0)

    # The server's path: base folder and system prompt from htmlgen.json, tokenizer from the adapter.
    model, served_tokenizer, meta = load_exported(out)
    assert served_tokenizer.chat_template == tokenizer.chat_template
    assert encode_prompt(served_tokenizer, PROMPTS[0], meta.system_prompt) == \
        encode_prompt(tokenizer, PROMPTS[0], SYSTEM)
    torch.testing.assert_close(logits(model, served_tokenizer), expected, atol=1e-5, rtol=0)


def test_adapter_config_suits_vllm(trained, tmp_path):
    out, _ = run_export(trained, tmp_path)
    config = io.read_json(out / "adapter_config.json")
    assert config["r"] == 4 and config["lora_alpha"] == 8
    assert set(config["target_modules"]) == set(TARGETS)
    assert not config.get("modules_to_save")
    assert not config.get("use_dora")
    assert export_stage.vllm_problems(config) == []
    assert (out / "adapter_model.safetensors").is_file()
    assert all("lora_" in key for key in load_file(str(out / "adapter_model.safetensors")))  # LoRA weights only


def test_export_metadata_carries_the_system_prompt(trained, tmp_path):
    out, merged = run_export(trained, tmp_path)
    meta = ExportMeta.read(out)
    assert meta.system_prompt == SYSTEM  # what training used, not params.yaml's current prompt
    assert meta.max_seq_len == 256
    assert not Path(meta.base_path).is_absolute()  # relative to the adapter folder: the pair moves together
    assert resolve_from_adapter(meta.base_path, out).resolve() == Path(trained["base"]).resolve()
    assert meta.base_model == "tiny-test-llama"
    assert meta.lora["r"] == 4 and meta.merged_path is None
    assert meta.metrics == io.read_json(trained["root"] / "metrics" / "eval.json")
    card = (out / "README.md").read_text()
    assert "vLLM**: compatible" in card and "| chrf | 0.100 [0.050, 0.150] | 0.100 [0.050, 0.150] |" in card
    # The decoding evaluate measured travels with the adapter: the server's defaults.
    assert meta.generate["max_new_tokens"] == 300 and meta.generate["dry_multiplier"] == 0.8
    assert meta.generate["stop"] == ["</html>"]  # unset keys take GenerateConfig's defaults
    # Without export.merge the merged folder only says so.
    assert sorted(p.name for p in merged.iterdir()) == ["README.md"]


def test_export_metadata_carries_the_chunk_format_and_old_files_still_load(trained, tmp_path):
    """A chunk-trained adapter's htmlgen.json says how its pages were chunked (the server continues
    a page in that format); an htmlgen.json from before these keys loads as whole-page training."""
    assert (ExportMeta.read(run_export(trained, tmp_path / "whole")[0]).long_examples,
            ExportMeta.read(tmp_path / "whole" / "models" / "adapter").chunk_context_tokens) == ("drop", None)
    adapter = tmp_path / "lora_chunked"
    shutil.copytree(trained["adapter"], adapter)
    record = io.read_json(adapter / TRAIN_RECORD_FILE)
    record["format"].update(long_examples="chunk", chunk_context_tokens=64)
    io.write_json(adapter / TRAIN_RECORD_FILE, record)
    out, _ = run_export(trained, tmp_path / "chunked", lora=adapter)
    meta = ExportMeta.read(out)
    assert (meta.long_examples, meta.chunk_context_tokens, meta.context_tokens) == ("chunk", 64, 64)

    old = {k: v for k, v in io.read_json(out / "htmlgen.json").items()
           if k not in ("long_examples", "chunk_context_tokens")}
    io.write_json(out / "htmlgen.json", old)
    meta = ExportMeta.read(out)
    assert (meta.long_examples, meta.chunk_context_tokens) == ("drop", None)
    assert meta.context_tokens == TokenizeConfig().chunk_context_tokens  # what evaluate continues with too


def test_merged_model_gives_same_logits(trained, tmp_path):
    from transformers import AutoModelForCausalLM

    out, merged = run_export(trained, tmp_path, merge=True)
    assert (out / ExportMeta.read(out).merged_path).resolve() == merged.resolve()

    model = AutoModelForCausalLM.from_pretrained(str(merged))
    model.eval()
    assert not [name for name, _ in model.named_modules() if "lora" in name.lower()]
    weights = {}
    for path in merged.glob("*.safetensors"):
        weights.update(load_file(str(path)))
    assert weights and not [key for key in weights if "lora" in key or key.startswith("base_model.")]

    tokenizer = load_tokenizer(merged)
    torch.testing.assert_close(logits(model, tokenizer), logits(trained["model"], trained["tokenizer"]),
                               atol=1e-4, rtol=0)
    served, _, _ = load_exported(out, merged=True)
    torch.testing.assert_close(logits(served, tokenizer), logits(model, tokenizer), atol=0, rtol=0)


def test_merge_that_loses_the_adapter_is_refused_and_nothing_points_at_it(trained, tmp_path, monkeypatch, capsys):
    """A merge that drops the LoRA update (here: peft's unload instead of merge_and_unload) gives the
    base's logits: the stage fails before writing merged weights or an htmlgen.json naming them."""
    from peft.tuners.lora import LoraModel

    monkeypatch.setattr(LoraModel, "merge_and_unload", lambda self, *a, **k: self.unload())
    out, merged = run_export(trained, tmp_path, merge=True, expect_rc=2)
    assert "lose 100.0% of the adapter's effect" in capsys.readouterr().err
    assert not merged.exists() and not out.exists()


def test_merge_within_the_threshold_is_written_and_recorded(trained, tmp_path, caplog):
    caplog.set_level("INFO", logger="htmlgen.export")
    out, merged = run_export(trained, tmp_path, merge=True, merge_max_effect_lost=0.001)  # fp32: ~1e-5
    recorded = ExportMeta.read(out).merged_path  # relative to the adapter folder, once the weights exist
    assert resolve_from_adapter(recorded, out).resolve() == merged.resolve() and (merged / "config.json").is_file()
    run_export(trained, tmp_path / "strict", merge=True, merge_max_effect_lost=0.0, expect_rc=2)  # > 0 in fp32
    assert not (tmp_path / "strict" / "models" / "merged").exists()


def _adapter_with(trained, tmp_path: Path, **config_changes) -> Path:
    adapter = tmp_path / "lora_variant"
    shutil.copytree(trained["adapter"], adapter)
    config = io.read_json(adapter / "adapter_config.json")
    io.write_json(adapter / "adapter_config.json", {**config, **config_changes})
    return adapter


def test_export_refuses_what_vllm_refuses_unless_told_not_to(trained, tmp_path, capsys):
    adapter = _adapter_with(trained, tmp_path, bias="lora_only")  # peft loads it; vLLM's PEFTHelper does not
    out, _ = run_export(trained, tmp_path / "strict", lora=adapter, expect_rc=2)
    assert "vLLM would refuse this adapter" in capsys.readouterr().err and not out.exists()
    out, _ = run_export(trained, tmp_path / "lenient", lora=adapter, require_vllm_compatible=False)
    assert "vLLM**: not compatible: bias='lora_only'" in (out / "README.md").read_text()


def test_vllm_problems_flags_modules_to_save_dora_and_high_rank():
    clean = {"r": 16, "lora_alpha": 32, "target_modules": ["q_proj"], "modules_to_save": None, "use_dora": False}
    assert export_stage.vllm_problems(clean) == []

    def flagged(**changes) -> list[str]:
        return export_stage.vllm_problems({**clean, **changes})

    assert any("modules_to_save" in p for p in flagged(modules_to_save=["lm_head"]))
    assert any("DoRA" in p for p in flagged(use_dora=True))
    assert any("r=32" in p for p in flagged(r=32))
    assert any("bias='all'" in p for p in flagged(bias="all"))
    assert any("r=32" in p for p in flagged(rank_pattern={"q_proj": 32}))  # vLLM checks every rank
    assert export_stage.vllm_problems({**clean, "r": 32}, max_lora_rank=32) == []
    assert len(flagged(modules_to_save=["embed_tokens"], use_dora=True, r=64, bias="all")) == 4
    without_targets = {k: v for k, v in clean.items() if k != "target_modules"}
    assert any("target_modules" in p for p in export_stage.vllm_problems(without_targets))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp"))


def test_reexport_replaces_output_atomically(trained, tmp_path, monkeypatch):
    out, merged = run_export(trained, tmp_path)
    (out / "stale.txt").write_text("from an older export")
    (merged / "stale.txt").write_text("from an older export")

    run_export(trained, tmp_path, merge=True)
    assert not (out / "stale.txt").exists() and not (merged / "stale.txt").exists()
    assert (merged / "config.json").is_file() and (out / "adapter_config.json").is_file()
    assert _leftovers(out.parent) == []

    # An export that fails midway leaves the previous adapter whole and no temporary folder behind.
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_write_text = io.write_text

    def failing_write_text(path, text):
        if Path(path).name == "README.md":
            raise RuntimeError("disk full")
        real_write_text(path, text)

    monkeypatch.setattr(io, "write_text", failing_write_text)
    with pytest.raises(RuntimeError, match="disk full"):
        run_export(trained, tmp_path)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _leftovers(out.parent) == []


def test_card_says_when_the_adapter_was_saved_scaled():
    assert export_stage.saved_scale_note({"alpha": 32}, {"lora_alpha": 32}) == ""  # before saved_scale existed
    assert export_stage.saved_scale_note({"alpha": 32, "saved_scale": 1.0}, {"lora_alpha": 32}) == ""
    note = export_stage.saved_scale_note({"alpha": 32, "saved_scale": 0.875}, {"lora_alpha": 28})
    assert "0.875 x the trained update" in note and "`lora_alpha` 28" in note
