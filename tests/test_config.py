import pytest

from htmlgen.config import ConfigError, FinetuneConfig, SplitConfig, TokenizeConfig, build, load_section


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
