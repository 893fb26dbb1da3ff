import dataclasses

import pytest
import yaml

from htmlgen.config import ConfigError, FinetuneConfig, SplitConfig, TokenizeConfig, build, load_section, to_dict


def test_params_yaml_builds_every_section():
    from htmlgen import config

    for cls, section in [(config.ModelConfig, "model"), (config.DataConfig, "data"), (SplitConfig, "split"),
                         (config.PromptConfig, "prompt"), (TokenizeConfig, "tokenize"), (config.QuantConfig, "quant"),
                         (FinetuneConfig, "finetune"), (config.EvaluateConfig, "evaluate"),
                         (config.ExportConfig, "export"), (config.GptqConfig, "quantize")]:
        assert isinstance(load_section(cls, section), cls)


def test_unknown_nested_key_is_named_with_its_path():
    with pytest.raises(ConfigError, match=r"finetune\.lora: unknown key\(s\) rr"):
        build(FinetuneConfig, {"lora": {"rr": 8}}, "finetune")


def test_wrong_type_and_bad_choice_are_rejected():
    with pytest.raises(ConfigError, match=r"finetune\.learning_rate: expected a number"):
        build(FinetuneConfig, {"learning_rate": "fast"}, "finetune")
    with pytest.raises(ConfigError, match=r"tokenize\.long_examples: 'cut' is not one of"):
        build(TokenizeConfig, {"long_examples": "cut"}, "tokenize")


def test_integer_where_float_is_wanted_is_coerced():
    assert build(FinetuneConfig, {"learning_rate": 1}, "finetune").learning_rate == 1.0


def test_conflicting_split_sizes_fail_up_front(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("split:\n  test_size: 0.6\n  validation_size: 0.5\n")
    with pytest.raises(ConfigError, match="leave rows for training"):
        load_section(SplitConfig, "split", params)


SECTIONS = {"model": "ModelConfig", "data": "DataConfig", "split": "SplitConfig", "prompt": "PromptConfig",
            "tokenize": "TokenizeConfig", "quant": "QuantConfig", "quantize": "GptqConfig",
            "finetune": "FinetuneConfig", "generate": "GenerateConfig", "evaluate": "EvaluateConfig",
            "export": "ExportConfig"}


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_params_yaml_is_the_dataclass_defaults_written_out(section):
    """One source for each default: params.yaml spells out every key, with the dataclass's default,
    so code that builds a config without params.yaml (tests, benchmarks) runs what dvc repro runs."""
    from htmlgen import config

    cls = getattr(config, SECTIONS[section])
    written = config.read_params()[section]
    assert set(written) == {f.name for f in dataclasses.fields(cls)}, "params.yaml must list every key"
    assert to_dict(build(cls, written, section)) == to_dict(cls())


@pytest.mark.parametrize("changes, message", [
    ({"optim": "adamw"}, r"finetune\.optim: 'adamw' is not one of transformers' OptimizerNames"),
    ({"lr_scheduler_type": "cosin"}, r"finetune\.lr_scheduler_type: 'cosin' is not one of transformers' Sched"),
    ({"eval_steps": -1}, r"finetune\.eval_steps: -1 must be >= 0"),
    ({"max_steps": 0}, r"finetune\.max_steps: 0 must be > 0, or -1"),
    ({"save_total_limit": 0}, r"finetune\.save_total_limit: 0 must be >= 1"),
    ({"lora": {"alpha": 0}}, r"finetune\.lora\.alpha: 0 must be > 0"),
    ({"lora": {"dropout": 1.0}}, r"finetune\.lora\.dropout: 1\.0 must be in \[0, 1\)"),
    ({"lora": {"target_modules": []}}, r"finetune\.lora\.target_modules: empty"),
])
def test_bad_finetune_values_are_rejected_with_their_key(changes, message):
    with pytest.raises(ConfigError, match=message):
        build(FinetuneConfig, changes, "finetune").validate()


def test_library_names_are_accepted():
    for optim, scheduler in (("paged_adamw_8bit", "cosine_with_restarts"), ("adamw_torch_fused", "constant")):
        build(FinetuneConfig, {"optim": optim, "lr_scheduler_type": scheduler}, "finetune").validate()


@pytest.mark.parametrize("cls, section, values, message", [
    ("DataConfig", "data", {"max_rows": 0}, r"data\.max_rows: 0 must be >= 1 or null"),
    ("GenerateConfig", "generate", {"top_p": 0.0}, r"generate\.top_p: 0\.0 must be in \(0, 1\]"),
    ("GenerateConfig", "generate", {"top_p": 1.5}, r"generate\.top_p"),
    ("EvaluateConfig", "evaluate", {"max_examples": -3}, r"evaluate\.max_examples: -3 must be >= 1 or null"),
    ("ExportConfig", "export", {"merge_max_effect_lost": 1.0}, r"export\.merge_max_effect_lost"),
])
def test_bad_values_in_other_sections_are_rejected(tmp_path, cls, section, values, message):
    from htmlgen import config

    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump({section: values}))
    with pytest.raises(ConfigError, match=message):
        load_section(getattr(config, cls), section, params)


def test_finetune_stage_rejects_a_bad_optimizer_before_loading_anything(tmp_path, capsys):
    from htmlgen.stages import finetune as finetune_stage

    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump({"finetune": {"optim": "adamw_8bit_typo"}}))
    missing = tmp_path / "missing"  # nothing to load: a check after loading would fail on these first
    rc = finetune_stage.main(["--params", str(params), "--data", str(missing), "--base", str(missing),
                              "--checkpoints", str(missing), "--out", str(missing), "--live", str(missing)])
    assert rc == 2 and "finetune.optim: 'adamw_8bit_typo'" in capsys.readouterr().err
