"""The finetune stage on the tiny Llama: LoRA learns, QLoRA / 8-bit train, a killed run resumes
where it stopped, stale checkpoints are discarded, the end-of-turn label survives padding and
gradient accumulation does not change the update (PITFALLS #1, #2, #3, #6)."""

from __future__ import annotations

import csv
import math
import os
import re
import signal
import subprocess
import sys
import time
from itertools import combinations
from pathlib import Path

import pytest
import torch
import yaml
from safetensors.torch import load_file

from htmlgen import artifacts, io
from htmlgen.config import ConfigError, FinetuneConfig, QuantConfig, build, load_section
from htmlgen.prompting import IGNORE_INDEX
from htmlgen.stages import finetune as finetune_stage

from finetune_data import FAST, SYSTEM, TRAIN_PAIRS, VALIDATION_PAIRS, config, run_tokenize  # noqa: E402


def read_tsv(path: Path) -> list[tuple[int, float]]:
    with open(path, encoding="utf-8") as handle:
        return [(int(row["step"]), float(row["loss"])) for row in csv.DictReader(handle, delimiter="\t")]


@pytest.fixture(scope="module")
def data_dir(tiny_base_dir, tmp_path_factory) -> Path:
    return run_tokenize(tmp_path_factory.mktemp("data"), tiny_base_dir,
                        {"train": TRAIN_PAIRS, "validation": VALIDATION_PAIRS, "test": VALIDATION_PAIRS})


@pytest.fixture(autouse=True)
def _outside_the_repo(tmp_path, monkeypatch):
    # dvclive looks for a DVC / git repo from the working directory: keep the tests away from this one.
    monkeypatch.chdir(tmp_path)


def train(tmp_path: Path, data_dir: Path, base: Path, cfg: FinetuneConfig, quant: QuantConfig | None = None,
          name: str = "run") -> tuple[dict, Path]:
    root = tmp_path / name
    summary = finetune_stage.finetune(cfg, quant or QuantConfig(), data_dir, base, root / "checkpoints",
                                      root / "lora", root / "live")
    return summary, root


# --------------------------------------------------------------------------- learning


def test_lora_training_lowers_loss(tmp_path, data_dir, tiny_base_dir):
    steps = 30
    summary, root = train(tmp_path, data_dir, tiny_base_dir, config(max_steps=steps))

    losses = read_tsv(root / "live" / "plots" / "metrics" / "train" / "loss.tsv")
    assert [step for step, _ in losses] == list(range(1, steps + 1))  # logged against the global step
    first, last = losses[0][1], losses[-1][1]
    assert all(math.isfinite(loss) for _, loss in losses)
    # The tiny random model's logits are bounded (64-dim hidden, tied 0.02-std embeddings), so its loss
    # cannot fall far below ln(vocab) ~ 6; a drop of half a nat is far beyond step-to-step noise.
    assert last < first - 0.5, f"loss {first:.3f} -> {last:.3f}: the adapter did not learn the examples"
    assert summary["steps"] == steps and not summary["resumed"]

    adapter = root / "lora"
    for name in ("adapter_config.json", "adapter_model.safetensors", artifacts.TRAIN_RECORD_FILE):
        assert (adapter / name).is_file(), name
    record = io.read_json(adapter / artifacts.TRAIN_RECORD_FILE)
    assert record["format"]["system_prompt"] == SYSTEM  # the prompt format travels to export
    assert record["finetune"]["lora"]["r"] == 8 and record["summary"]["steps"] == steps
    live = io.read_json(root / "live" / "metrics.json")
    assert live["steps"] == steps and "eval_loss" in live


def _capture_peft_model(monkeypatch) -> dict:
    """Wrap build_peft_model to keep the model and its LoRA weights at initialisation."""
    from peft import get_peft_model_state_dict

    seen = {}
    original = finetune_stage.build_peft_model

    def wrapper(model, cfg, quantized):
        peft_model = original(model, cfg, quantized)
        seen["model"] = peft_model
        seen["init"] = {k: v.detach().clone() for k, v in get_peft_model_state_dict(peft_model).items()}
        return peft_model

    monkeypatch.setattr(finetune_stage, "build_peft_model", wrapper)
    return seen


def _train_quantized(tmp_path, data_dir, base, monkeypatch, load_in: str, layer: str) -> None:
    """3 steps on a bitsandbytes base: the layers are quantized, the loss is finite, LoRA moved."""
    import bitsandbytes as bnb

    seen = _capture_peft_model(monkeypatch)
    quant = build(QuantConfig, {"load_in": load_in}, "quant")
    summary, root = train(tmp_path, data_dir, base, config(max_steps=3), quant)

    quantized = [name for name, module in seen["model"].named_modules() if isinstance(module, getattr(bnb.nn, layer))]
    assert quantized, f"no {layer} layer: the base was not loaded in {load_in}"
    assert math.isfinite(summary["train_loss"]) and summary["steps"] == 3
    assert all(math.isfinite(loss) for _, loss in read_tsv(root / "live/plots/metrics/train/loss.tsv"))

    trained = load_file(str(root / "lora" / "adapter_model.safetensors"))
    assert set(trained) == set(seen["init"])
    for key, initial in seen["init"].items():
        assert not torch.equal(trained[key], initial), f"{key} did not change in training"
        assert torch.isfinite(trained[key]).all()


def test_qlora_4bit_trains(tmp_path, data_dir, tiny_base_dir, monkeypatch):
    _train_quantized(tmp_path, data_dir, tiny_base_dir, monkeypatch, "4bit", "Linear4bit")


def test_8bit_trains(tmp_path, data_dir, tiny_base_dir, monkeypatch):
    _train_quantized(tmp_path, data_dir, tiny_base_dir, monkeypatch, "8bit", "Linear8bitLt")


def test_qlora_with_activation_checkpointing_uses_the_current_names(tmp_path, data_dir, tiny_base_dir, monkeypatch):
    """No FutureWarning about gradient_checkpointing (renamed activation_checkpointing in transformers 5),
    and checkpointing is still on in training."""
    import warnings

    seen = _capture_peft_model(monkeypatch)
    quant = build(QuantConfig, {"load_in": "4bit"}, "quant")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary, _ = train(tmp_path, data_dir, tiny_base_dir, config(max_steps=1, gradient_checkpointing=True), quant)
    assert summary["steps"] == 1
    assert [str(w.message) for w in caught if "gradient_checkpointing" in str(w.message)] == []
    assert seen["model"].base_model.model.is_activation_checkpointing


# --------------------------------------------------------------------------- resume


def _finished_checkpoint(folder: Path) -> Path | None:
    done = [c for c in folder.glob("checkpoint-*") if (c / "trainer_state.json").is_file()]
    return max(done, key=lambda c: int(c.name.split("-")[1])) if done else None


def test_resume_continues_from_step(tmp_path, data_dir, tiny_base_dir):
    max_steps = 40  # long enough that the first run is still going when its first checkpoint appears
    values = {**FAST, "max_steps": max_steps, "save_steps": 2, "save_total_limit": 2,
              "per_device_train_batch_size": 2, "lora": {**FAST["lora"], "dropout": 0.1}}
    (tmp_path / "params.yaml").write_text(yaml.safe_dump({"finetune": values, "quant": {"load_in": "none"}}))
    command = [sys.executable, "-m", "htmlgen.stages.finetune", "--data", str(data_dir), "--base", str(tiny_base_dir),
               "--checkpoints", "checkpoints", "--out", "lora", "--live", "live"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}

    with open(tmp_path / "first.log", "w") as log:
        first = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while first.poll() is None and _finished_checkpoint(tmp_path / "checkpoints") is None:
            assert time.monotonic() < deadline, "no checkpoint was written in time"
            time.sleep(0.05)
        assert first.poll() is None, "the first run finished before it could be killed"
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert not (tmp_path / "lora").exists()
    saved = _finished_checkpoint(tmp_path / "checkpoints")
    saved_step = io.read_json(saved / "trainer_state.json")["global_step"]
    assert 2 <= saved_step < max_steps

    second = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr[-3000:]
    resumed_from = re.search(r"resuming from \S*checkpoint-(\d+)", second.stderr)
    assert resumed_from, second.stderr[-3000:]
    assert int(resumed_from.group(1)) >= saved_step >= 2  # from a saved step, not from 0

    state = io.read_json(tmp_path / "checkpoints" / f"checkpoint-{max_steps}" / "trainer_state.json")
    assert state["global_step"] == max_steps
    logged = [(e["step"], e["loss"]) for e in state["log_history"] if "loss" in e]
    assert [step for step, _ in logged] == list(range(1, max_steps + 1))  # no restart, no jump
    summary = io.read_json(tmp_path / "lora" / artifacts.TRAIN_RECORD_FILE)["summary"]
    assert summary["resumed"] is True and summary["steps"] == max_steps
    # the loss curve dvc plots draws has each step once, though some were trained twice
    curve = (tmp_path / "live" / "plots" / "metrics" / "train" / "loss.tsv").read_text().splitlines()[1:]
    assert [int(row.split("\t")[0]) for row in curve] == list(range(1, max_steps + 1))

    # PITFALLS #3: the same trajectory as a run that was never interrupted (data order, RNG, optimizer).
    cfg = load_section(FinetuneConfig, "finetune", tmp_path / "params.yaml")
    _, straight = train(tmp_path, data_dir, tiny_base_dir, cfg, name="straight")
    reference = io.read_json(straight / "checkpoints" / f"checkpoint-{max_steps}" / "trainer_state.json")
    expected = [(e["step"], e["loss"]) for e in reference["log_history"] if "loss" in e]
    assert [s for s, _ in expected] == [s for s, _ in logged]
    for (step, loss), (_, want) in zip(logged, expected, strict=True):
        assert loss == pytest.approx(want, rel=1e-4), f"step {step}: resumed {loss} vs uninterrupted {want}"


def _fake_checkpoint(folder: Path, step: int, complete: bool = True) -> Path:
    checkpoint = folder / f"checkpoint-{step}"
    checkpoint.mkdir(parents=True)
    (checkpoint / "adapter_model.safetensors").write_bytes(b"")
    if complete:
        io.write_json(checkpoint / "trainer_state.json", {"global_step": step})
    return checkpoint


def test_changed_params_start_over(tmp_path, data_dir, tiny_base_dir):
    folder = tmp_path / "checkpoints"
    quant = QuantConfig()
    old = finetune_stage.run_fingerprint(config(max_steps=10), quant, data_dir, tiny_base_dir)
    new = finetune_stage.run_fingerprint(config(max_steps=10, learning_rate=5e-3), quant, data_dir, tiny_base_dir)
    assert old == finetune_stage.run_fingerprint(config(max_steps=10), quant, data_dir, tiny_base_dir)
    assert new != old
    assert finetune_stage.run_fingerprint(config(max_steps=10), build(QuantConfig, {"load_in": "4bit"}, "quant"),
                                          data_dir, tiny_base_dir) != old

    assert finetune_stage.prepare_checkpoints(folder, old, resume=True) is False  # nothing there yet
    _fake_checkpoint(folder, 4)
    assert finetune_stage.prepare_checkpoints(folder, old, resume=True) is True  # same run: resume
    assert (folder / "checkpoint-4").is_dir()

    assert finetune_stage.prepare_checkpoints(folder, new, resume=True) is False  # other params: discard
    assert sorted(p.name for p in folder.iterdir()) == [finetune_stage.RUN_FILE]
    assert io.read_json(folder / finetune_stage.RUN_FILE)["fingerprint"] == new

    _fake_checkpoint(folder, 4)
    assert finetune_stage.prepare_checkpoints(folder, new, resume=False) is False  # resume: false
    assert not (folder / "checkpoint-4").exists()


def _merged_delta(base: Path, adapter: Path, module: str) -> torch.Tensor:
    from peft import PeftModel

    from htmlgen.modeling import load_base_model

    plain = load_base_model(base)
    original = plain.get_submodule(module).weight.detach().clone()
    merged = PeftModel.from_pretrained(plain, str(adapter)).merge_and_unload()
    return merged.get_submodule(module).weight.detach() - original


def test_saved_scale_scales_the_saved_update_and_resumes_a_finished_run(tmp_path, data_dir, tiny_base_dir):
    """finetune.lora.saved_scale: the saved adapter's update (as peft merges it) is that times the trained
    one, the weights are as trained and lora_alpha carries the scale, and a changed scale resumes the
    finished run instead of training it again."""
    as_trained = config(max_steps=3, save_steps=3, lora={**FAST["lora"], "saved_scale": 1.0})
    full, root = train(tmp_path, data_dir, tiny_base_dir, as_trained)
    half_config = config(max_steps=3, save_steps=3, lora={**FAST["lora"], "saved_scale": 0.5})
    half = finetune_stage.finetune(half_config, QuantConfig(), data_dir, tiny_base_dir, root / "checkpoints",
                                   root / "lora_half", root / "live_half")

    assert half["resumed"] and half["steps"] == 3  # training does not depend on the scale: nothing retrained
    trained, saved = (load_file(str(root / name / "adapter_model.safetensors")) for name in ("lora", "lora_half"))
    assert trained.keys() == saved.keys() and all(torch.equal(trained[k], saved[k]) for k in trained)
    assert io.read_json(root / "lora/adapter_config.json")["lora_alpha"] == 16
    assert io.read_json(root / "lora_half/adapter_config.json")["lora_alpha"] == 8

    module = "model.layers.0.self_attn.q_proj"
    delta_full = _merged_delta(tiny_base_dir, root / "lora", module)
    delta_half = _merged_delta(tiny_base_dir, root / "lora_half", module)
    assert delta_full.abs().max() > 1e-4  # the adapter did move this layer
    torch.testing.assert_close(delta_half, 0.5 * delta_full, rtol=1e-4, atol=1e-7)
    record = io.read_json(root / "lora_half" / artifacts.TRAIN_RECORD_FILE)
    assert record["finetune"]["lora"]["saved_scale"] == 0.5  # export's card says how it was saved


def test_a_finished_run_is_saved_again_without_another_step(tmp_path, data_dir, tiny_base_dir):
    """A re-run whose last checkpoint is the run's last step, inside an epoch (as the default run:
    20 steps of 259 examples) takes that adapter as it is. Resumed there, transformers' Trainer
    trains step max_steps + 1 (and again at every re-run): at a constant learning rate that moves
    the weights, the step count and the loss."""
    values = dict(max_steps=2, save_steps=2, per_device_train_batch_size=1)  # 4 pairs: 4 steps an epoch
    first, root = train(tmp_path, data_dir, tiny_base_dir, config(**values))
    again = finetune_stage.finetune(config(**values), QuantConfig(), data_dir, tiny_base_dir, root / "checkpoints",
                                    root / "lora_again", root / "live_again")

    assert again["resumed"] and again["steps"] == 2
    assert (again["train_loss"], again["train_tokens"]) == (first["train_loss"], first["train_tokens"])
    assert sorted(c.name for c in (root / "checkpoints").glob("checkpoint-*")) == ["checkpoint-2"]
    before, after = (load_file(str(root / name / "adapter_model.safetensors")) for name in ("lora", "lora_again"))
    assert before.keys() == after.keys() and all(torch.equal(before[k], after[k]) for k in before)
    # dvclive's curve of the re-run: the run's steps, each once
    assert [step for step, _ in read_tsv(root / "live_again" / "plots" / "metrics" / "train" / "loss.tsv")] == [1, 2]


def test_whole_run_train_loss_counts_every_logged_step():
    history = [{"step": 1, "loss": 2.0}, {"step": 2, "loss": 1.0}, {"step": 2, "eval_loss": 9.0}]
    whole = finetune_stage.whole_run_train_loss
    assert whole(history, 0, 0.7, 3) == 0.7  # not resumed: the Trainer's own figure
    assert whole(history, 2, 0.5, 4) == pytest.approx((2.0 + 1.0 + 0.5 * 2) / 4)  # resumed at 2, 2 steps more
    assert whole(history, 2, None, 2) == pytest.approx(1.5)  # a finished run restored: nothing trained now
    assert whole([], 2, None, 2) is None  # nothing logged, nothing trained: no figure rather than a 0


def test_a_code_change_starts_the_checkpoints_over(tmp_path, data_dir, tiny_base_dir, monkeypatch):
    """The checkpoints' fingerprint covers the stage's code and library versions: `dvc repro` re-runs
    finetune after a code change, and that re-run must train, not resume what the old code wrote."""
    cfg = config(max_steps=2)
    same = finetune_stage.run_fingerprint(cfg, QuantConfig(), data_dir, tiny_base_dir)
    assert finetune_stage.run_fingerprint(cfg, QuantConfig(), data_dir, tiny_base_dir) == same
    monkeypatch.setattr(finetune_stage, "code_digest", lambda module, libraries: "edited")
    assert finetune_stage.run_fingerprint(cfg, QuantConfig(), data_dir, tiny_base_dir) != same


def test_saved_scale_must_be_positive():
    for bad in (0, -0.5, 2.5):
        with pytest.raises(ConfigError, match="saved_scale"):
            config(lora={**FAST["lora"], "saved_scale": bad}).validate()


def test_layers_to_transform_adapts_only_those_layers_and_the_backward_stops_below_them(tmp_path, data_dir,
                                                                                       tiny_base_dir):
    """finetune.lora.layers_to_transform: the adapter holds LoRA weights for the named decoder layers
    only, and nothing below the lowest of them takes part in the backward pass (what makes it faster)."""
    from htmlgen.modeling import load_base_model

    cfg = config(max_steps=2, lora={**FAST["lora"], "layers_to_transform": [1]})
    _, root = train(tmp_path, data_dir, tiny_base_dir, cfg)
    keys = load_file(str(root / "lora" / "adapter_model.safetensors")).keys()
    assert keys and all(".layers.1." in key for key in keys), sorted(keys)[:4]
    assert io.read_json(root / "lora" / "adapter_config.json")["layers_to_transform"] == [1]

    model = finetune_stage.build_peft_model(load_base_model(tiny_base_dir), cfg, quantized=False)
    model.train()
    needs_grad = {}
    layers = model.base_model.model.model.layers
    for index, layer in enumerate(layers):
        layer.register_forward_hook(lambda _m, _i, out, index=index: needs_grad.__setitem__(
            index, (out[0] if isinstance(out, tuple) else out).requires_grad))
    model(input_ids=torch.tensor([[5, 6, 7, 8]]), use_cache=False)
    assert needs_grad == {0: False, 1: True}


def test_layers_to_transform_must_name_layers_the_model_has(tiny_base_dir):
    from htmlgen.modeling import load_base_model

    cfg = config(lora={**FAST["lora"], "layers_to_transform": [1, 2]})
    with pytest.raises(ConfigError, match=r"layers \[2\] do not exist: the model has 2 decoder layers"):
        finetune_stage.build_peft_model(load_base_model(tiny_base_dir), cfg, quantized=False)
    for bad in ([], [1, 1], [-1]):
        with pytest.raises(ConfigError, match="layers_to_transform"):
            config(lora={**FAST["lora"], "layers_to_transform": bad}).validate()
    with pytest.raises(ConfigError, match="layers_to_transform needs target_modules as a list.*'all-linear'"):
        config(lora={**FAST["lora"], "target_modules": "all-linear", "layers_to_transform": [1]}).validate()
    config(lora={**FAST["lora"], "target_modules": "all-linear"}).validate()  # alone, all-linear is fine


def test_checkpoint_cut_off_while_saving_is_skipped(tmp_path):
    from transformers.trainer_utils import get_last_checkpoint

    folder = tmp_path / "checkpoints"
    finetune_stage.prepare_checkpoints(folder, "abc", resume=True)
    _fake_checkpoint(folder, 2)
    _fake_checkpoint(folder, 4, complete=False)  # killed before trainer_state.json was written
    assert finetune_stage.prepare_checkpoints(folder, "abc", resume=True) is True
    assert not (folder / "checkpoint-4").exists()
    assert Path(get_last_checkpoint(str(folder))).name == "checkpoint-2"


# --------------------------------------------------------------------------- labels and batches


def test_pad_tokens_do_not_mask_end_of_turn(tmp_path, data_dir, tiny_base_dir, monkeypatch):
    """Records the batches the stage's own Trainer and collator build (pad == eos here)."""
    import transformers

    from htmlgen.modeling import load_tokenizer

    tokenizer = load_tokenizer(tiny_base_dir)
    eot = tokenizer.eos_token_id
    assert tokenizer.pad_token_id == eot  # the risky set-up of PITFALLS #2
    batches = []

    class RecordingTrainer(transformers.Trainer):
        def compute_loss(self, model, inputs, *args, **kwargs):
            batches.append({k: v.detach().clone() for k, v in inputs.items()})
            return super().compute_loss(model, inputs, *args, **kwargs)

    monkeypatch.setattr(transformers, "Trainer", RecordingTrainer)
    train(tmp_path, data_dir, tiny_base_dir, config(max_steps=1))

    batch = batches[0]
    ids, labels, mask = batch["input_ids"], batch["labels"], batch["attention_mask"]
    assert ids.shape[0] == len(TRAIN_PAIRS)
    lengths = mask.sum(dim=1)
    assert lengths.min() < ids.shape[1], "no example was padded: the check would prove nothing"
    for row in range(ids.shape[0]):
        n = int(lengths[row])
        assert mask[row, :n].all() and not mask[row, n:].any()  # right padding
        assert ids[row, n - 1] == eot and labels[row, n - 1] == eot  # the end-of-turn is trained on
        assert (labels[row, n:] == IGNORE_INDEX).all()  # ... the pads (same id) are not
        assert int((labels[row] == eot).sum()) == 1
        assert (ids[row, n:] == tokenizer.pad_token_id).all()


def test_gradient_accumulation_matches_full_batch(tmp_path, data_dir, tiny_base_dir):
    """One SGD step (update = -lr x gradient) from 1 x 4, 2 x 2 and 4 x 1 examples gives the same
    LoRA update: the loss is normalised by the tokens of the whole step (PITFALLS #6)."""
    from datasets import load_from_disk

    answer_tokens = [sum(label != IGNORE_INDEX for label in row)
                     for row in load_from_disk(str(data_dir / "train"))["labels"]]
    assert len(answer_tokens) == 4
    # Every way of splitting the 4 examples into 2 + 2 gives micro-batches of unequal token counts, so
    # averaging per micro-batch (the bug) would weight tokens differently and change the update.
    for pair in combinations(range(4), 2):
        assert sum(answer_tokens[i] for i in pair) * 2 != sum(answer_tokens)

    updates = {}
    for batch_size, accumulation in ((4, 1), (2, 2), (1, 4)):
        cfg = config(max_steps=1, optim="sgd", learning_rate=1.0, max_grad_norm=0.0,
                     per_device_train_batch_size=batch_size, gradient_accumulation_steps=accumulation)
        _, root = train(tmp_path, data_dir, tiny_base_dir, cfg, name=f"bs{batch_size}x{accumulation}")
        updates[batch_size] = load_file(str(root / "lora" / "adapter_model.safetensors"))

    full = updates[4]
    scale = max(float(t.abs().max()) for k, t in full.items() if "lora_B" in k)
    assert scale > 1e-3  # lora_B starts at zero: this is the update itself
    for batch_size in (2, 1):
        for key, tensor in full.items():
            torch.testing.assert_close(updates[batch_size][key], tensor, rtol=1e-4, atol=1e-5 * scale,
                                       msg=lambda m, k=key, b=batch_size: f"{b}-example micro-batches, {k}: {m}")


def test_empty_validation_split_trains_without_eval(tmp_path, tiny_base_dir):
    """split.validation_size: 0 leaves no validation rows; tokenize must still write a split that
    finetune can load (datasets writes an empty split as zero shards unless told otherwise)."""
    data = run_tokenize(tmp_path / "data", tiny_base_dir,
                        {"train": TRAIN_PAIRS[:2], "validation": [], "test": VALIDATION_PAIRS})
    summary, root = train(tmp_path, data, tiny_base_dir, config(max_steps=1))
    assert summary["steps"] == 1 and "eval_loss" not in summary
    assert not (root / "live" / "plots" / "metrics" / "eval").exists()


def test_packing_and_head_on_answers_only_give_the_same_update(tmp_path, data_dir, tiny_base_dir):
    """finetune.packing (examples in one row, attention per example) and finetune.head_on_answers_only
    (logits only where a label is trained on) change how the step is computed, not the step: one SGD
    step gives the LoRA update of padded micro-batches with the full output layer."""
    updates = {}
    settings = {"reference": dict(packing=False, head_on_answers_only=False, per_device_train_batch_size=1,
                                  gradient_accumulation_steps=4),
                "head only": dict(packing=False, head_on_answers_only=True, per_device_train_batch_size=1,
                                  gradient_accumulation_steps=4),
                "packed 4": dict(packing=True, head_on_answers_only=True, per_device_train_batch_size=4,
                                 gradient_accumulation_steps=1),
                "packed 2x2": dict(packing=True, head_on_answers_only=False, per_device_train_batch_size=2,
                                   gradient_accumulation_steps=2)}
    for name, overrides in settings.items():
        cfg = config(max_steps=1, optim="sgd", learning_rate=1.0, max_grad_norm=0.0, **overrides)
        _, root = train(tmp_path, data_dir, tiny_base_dir, cfg, name=name.replace(" ", "_"))
        updates[name] = load_file(str(root / "lora" / "adapter_model.safetensors"))
    reference = updates.pop("reference")
    scale = max(float(t.abs().max()) for k, t in reference.items() if "lora_B" in k)
    assert scale > 1e-3
    for name, update in updates.items():
        for key, tensor in reference.items():
            torch.testing.assert_close(update[key], tensor, rtol=1e-4, atol=1e-5 * scale,
                                       msg=lambda m, k=key, n=name: f"{n}, {k}: {m}")


def test_torch_compile_falls_back_to_eager_without_a_compiler(monkeypatch, caplog, tmp_path):
    """finetune.torch_compile needs a C++ compiler and Python's headers (inductor's CPU kernels are
    Python extensions): without either the stage says so and trains eagerly instead of failing
    after the model has loaded."""
    assert finetune_stage.compile_mode(config(torch_compile="eager")) == "eager"
    (tmp_path / "Python.h").touch()  # this machine's own headers may be missing: the test decides
    monkeypatch.setattr(finetune_stage.sysconfig, "get_paths", lambda: {"include": str(tmp_path)})
    monkeypatch.delenv("CXX", raising=False)
    found = []
    monkeypatch.setattr(finetune_stage.shutil, "which", lambda name: found.append(name) or "/usr/bin/" + name)
    assert finetune_stage.compile_mode(config(torch_compile="regions")) == "regions"
    assert finetune_stage.compile_mode(config(torch_compile="model")) == "model"
    assert finetune_stage.compile_mode(config(torch_compile="regions"), quantized=True) == "eager"
    assert set(found) == {"g++"}  # what inductor runs on Linux (unless $CXX): not any c++ or clang++
    with monkeypatch.context() as headless:  # a compiler but no Python.h (Debian's python3.11 without -dev)
        headless.setattr(finetune_stage.sysconfig, "get_paths", lambda: {"include": "/nonexistent/python3.11"})
        with caplog.at_level("WARNING", logger="htmlgen.finetune"):
            assert finetune_stage.compile_mode(config(torch_compile="regions")) == "eager"
        assert "no Python headers (/nonexistent/python3.11/Python.h" in caplog.text
    monkeypatch.setattr(finetune_stage.shutil, "which", lambda name: None)
    with caplog.at_level("WARNING", logger="htmlgen.finetune"):
        assert finetune_stage.compile_mode(config(torch_compile="regions")) == "eager"
    assert "no C++ compiler" in caplog.text


def test_compile_env_says_which_compile_and_clears_itself():
    """What accelerate's TorchDynamoPlugin reads: the whole model with dynamic shapes for `model`;
    nothing for `eager` and `regions` (the stage compiles the layers itself), whatever an earlier
    launch left behind."""
    left_over = {"ACCELERATE_DYNAMO_BACKEND": "INDUCTOR", "ACCELERATE_DYNAMO_USE_REGIONAL_COMPILATION": "True",
                 "ACCELERATE_DYNAMO_USE_DYNAMIC": "True", "OTHER": "kept"}  # e.g. accelerate launch --dynamo_backend
    for mode in ("eager", "regions"):
        environ = dict(left_over)
        finetune_stage.set_compile_env(mode, environ)
        assert environ == {"ACCELERATE_DYNAMO_BACKEND": "NO", "OTHER": "kept"}, mode
    finetune_stage.set_compile_env("model", environ)
    assert environ["ACCELERATE_DYNAMO_USE_REGIONAL_COMPILATION"] == "False"
    assert environ["ACCELERATE_DYNAMO_USE_DYNAMIC"] == "True"
    assert "ACCELERATE_DYNAMO_BACKEND" not in environ  # the Trainer's torch_compile names it


def test_compile_decoder_layers_compiles_the_layers_only(tiny_base_dir):
    """The embedding, final norm and output layer stay eager: compiling them cost time, won nothing."""
    from htmlgen.modeling import load_base_model

    model = finetune_stage.build_peft_model(load_base_model(tiny_base_dir), config(), quantized=False)
    assert finetune_stage.compile_decoder_layers(model) == 2
    compiled = {name for name, module in model.named_modules() if getattr(module, "_compiled_call_impl", None)}
    assert compiled == {"base_model.model.model.layers.0", "base_model.model.model.layers.1"}
    assert "_orig_mod" not in "".join(model.state_dict())  # in place: the keys a checkpoint saves are unchanged


@pytest.mark.skipif(finetune_stage.compile_mode(FinetuneConfig(torch_compile="regions")) == "eager",
                    reason="no C++ compiler: inductor cannot build its CPU kernels")
def test_the_decoder_layers_compile_once_for_all_of_them(tiny_base_dir, tmp_path, monkeypatch):
    """One graph for every layer, traced once: layer 0's input (from the frozen embedding) needs a
    gradient like the others' inputs (else dynamo compiles a second graph for layer 0), and floats are
    specialised from the start (else the first trace is thrown away and done again). Gradients are
    those of the eager model."""
    from torch._dynamo.utils import compilation_time_metrics, counters

    from htmlgen.modeling import load_base_model

    monkeypatch.setenv("TORCHINDUCTOR_CACHE_DIR", str(tmp_path / "inductor"))
    monkeypatch.setattr(torch._dynamo.config, "specialize_float", torch._dynamo.config.specialize_float)
    torch._dynamo.reset()
    counters.clear()
    compilation_time_metrics.clear()
    grads = {}
    for way in ("eager", "regions"):
        torch.manual_seed(0)
        model = finetune_stage.build_peft_model(load_base_model(tiny_base_dir), config(), quantized=False)
        model.train()
        if way == "regions":
            assert finetune_stage.compile_decoder_layers(model) == 2
        for length in (9, 13):  # two lengths: one dynamic-shape graph serves both
            ids = torch.arange(length).unsqueeze(0) % model.config.vocab_size
            model(input_ids=ids, labels=ids, use_cache=False).loss.backward()
        grads[way] = {name: p.grad.clone() for name, p in model.named_parameters() if p.requires_grad}
    assert counters["stats"]["unique_graphs"] == 1, dict(counters["recompiles"]) or dict(counters["stats"])
    assert "compile_attempt_1" not in compilation_time_metrics, "dynamo traced the layer a second time"
    assert grads["eager"].keys() == grads["regions"].keys()
    for name, grad in grads["eager"].items():
        torch.testing.assert_close(grads["regions"][name], grad, rtol=1e-4, atol=1e-6, msg=name)


def test_validation_runs_the_compiled_layers_eagerly_and_compiled_again_after(tiny_base_dir):
    """Validation (no gradients, eval mode) would make dynamo compile every layer a second time."""
    from htmlgen.modeling import load_base_model

    model = finetune_stage.build_peft_model(load_base_model(tiny_base_dir), config(), quantized=False)
    finetune_stage.compile_decoder_layers(model)
    layers = [m for m in model.modules() if m._compiled_call_impl is not None]
    seen = []

    def evaluate(fail=False):
        seen.append([layer._compiled_call_impl for layer in layers])
        if fail:
            raise RuntimeError("validation failed")
        return {"eval_loss": 1.0}

    wrapped = finetune_stage.validating_eagerly(evaluate, model)
    assert wrapped() == {"eval_loss": 1.0}
    with pytest.raises(RuntimeError):
        wrapped(fail=True)
    assert len(layers) == 2 and seen == [[None, None], [None, None]]
    assert all(layer._compiled_call_impl is not None for layer in layers)  # compiled again, also after a failure


def test_torch_compile_takes_no_yaml_boolean():
    """The old `torch_compile: false` (and YAML's `off`, which is false too) names no mode: say which."""
    with pytest.raises(ConfigError, match="finetune.torch_compile.*eager.*regions.*model"):
        config(torch_compile=False)


@pytest.mark.skipif(finetune_stage.compile_mode(FinetuneConfig(torch_compile="regions")) == "eager",
                    reason="no C++ compiler: inductor cannot build its CPU kernels")
def test_regional_compile_trains_like_eager(tmp_path, data_dir, tiny_base_dir, monkeypatch):
    """torch_compile: regions compiles each decoder layer in place and nothing else (not the Trainer's
    or accelerate's compile): dynamo does compile, the loss curve and the adapter match eager training,
    and the saved adapter has the plain keys (no `_orig_mod` of a compiled module in them)."""
    from torch._dynamo.utils import counters

    targets = []  # the modules torch.compile is given (a module, or a module's call method): the layers only
    torch_compile = torch.compile

    def spy(target=None, **kwargs):
        module = target if isinstance(target, torch.nn.Module) else getattr(target, "__self__", None)
        if isinstance(module, torch.nn.Module):
            targets.append(target)
        return torch_compile(target, **kwargs)

    monkeypatch.setattr(torch, "compile", spy)
    compiled_layers = []
    compile_layers = finetune_stage.compile_decoder_layers
    monkeypatch.setattr(finetune_stage, "compile_decoder_layers",
                        lambda model: compiled_layers.append(compile_layers(model)) or compiled_layers[-1])
    monkeypatch.setenv("TORCHINDUCTOR_CACHE_DIR", str(tmp_path / "inductor"))  # a cold compile, not a cached one
    for name in finetune_stage.DYNAMO_ENV:  # the stage sets these in os.environ: undone after this test
        monkeypatch.setenv(name, "False")
    runs = {}
    for mode in ("eager", "regions"):
        torch._dynamo.reset()  # nothing compiled earlier in this process is reused
        counters.clear()
        _, root = train(tmp_path, data_dir, tiny_base_dir, config(max_steps=3, torch_compile=mode), name=mode)
        graphs = counters["stats"]["unique_graphs"]
        assert (graphs > 0) == (mode == "regions"), f"{mode}: dynamo compiled {graphs} graphs"
        assert compiled_layers == ([2] if mode == "regions" else []), compiled_layers  # the tiny model's 2 layers
        assert len(targets) == (2 if mode == "regions" else 0), targets
        assert not [t for t in targets if isinstance(t, torch.nn.Module)], targets  # no whole-model compile
        targets.clear()
        runs[mode] = (read_tsv(root / "live" / "plots" / "metrics" / "train" / "loss.tsv"),
                      load_file(str(root / "lora" / "adapter_model.safetensors")))
    torch._dynamo.reset()  # the compiled layers' cache entries go with this test
    (eager_losses, eager_adapter), (compiled_losses, compiled_adapter) = runs["eager"], runs["regions"]
    assert [step for step, _ in compiled_losses] == [step for step, _ in eager_losses] == [1, 2, 3]
    for (step, compiled), (_, eager) in zip(compiled_losses, eager_losses):
        assert compiled == pytest.approx(eager, rel=1e-4), f"step {step}"  # fp32, reordered reductions
    assert sorted(compiled_adapter) == sorted(eager_adapter)
    assert not [key for key in compiled_adapter if "_orig_mod" in key]
    for key, tensor in eager_adapter.items():
        torch.testing.assert_close(compiled_adapter[key], tensor, rtol=1e-3, atol=1e-5,
                                   msg=lambda m, k=key: f"{k}: {m}")


def test_a_group_of_one_is_left_and_a_real_group_kept():
    from htmlgen.stages.finetune import leave_one_process_group

    torchrun_one = {"RANK": "0", "LOCAL_RANK": "0", "WORLD_SIZE": "1", "LOCAL_WORLD_SIZE": "1",
                    "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": "29500", "OMP_NUM_THREADS": "1"}
    assert leave_one_process_group(torchrun_one) is True
    assert torchrun_one == {"OMP_NUM_THREADS": "1"}  # only the process-group variables go
    torchrun_two = {"RANK": "1", "LOCAL_RANK": "1", "WORLD_SIZE": "2", "MASTER_ADDR": "127.0.0.1"}
    assert leave_one_process_group(dict(torchrun_two)) is False
    kept = dict(torchrun_two)
    leave_one_process_group(kept)
    assert kept == torchrun_two
    assert leave_one_process_group({}) is False  # plain `python -m htmlgen.stages.finetune`


# --------------------------------------------------------------------------- precision

ZEN5_FLAGS = {"fpu", "avx2", "avx512f", "avx512bw", "avx512_bf16"}  # AMD EPYC Zen 5 (and Zen 4, Cooper Lake)
AVX2_FLAGS = {"fpu", "avx2", "fma"}


def test_auto_precision_is_bf16_only_where_the_cpu_multiplies_bf16():
    resolve = finetune_stage.resolve_precision
    assert resolve("auto", quantized=False, on_gpu=False, cpu_flags=ZEN5_FLAGS) == "bf16"
    assert resolve("auto", quantized=False, on_gpu=False, cpu_flags={"avx2", "amx_tile", "amx_bf16"}) == "bf16"
    assert resolve("auto", quantized=False, on_gpu=False, cpu_flags=AVX2_FLAGS) == "fp32"
    assert resolve("auto", quantized=False, on_gpu=False, cpu_flags={"avx512f", "avx512bw"}) == "fp32"  # no bf16 unit
    assert resolve("auto", quantized=True, on_gpu=False, cpu_flags=ZEN5_FLAGS) == "fp32"  # bitsandbytes / GPTQ
    for explicit in ("fp32", "fp16", "bf16"):
        assert resolve(explicit, quantized=False, on_gpu=False, cpu_flags=ZEN5_FLAGS) == explicit
        assert resolve(explicit, quantized=False, on_gpu=False, cpu_flags=AVX2_FLAGS) == explicit


def test_auto_precision_on_a_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *args, **kwargs: True)
    assert finetune_stage.resolve_precision("auto", quantized=True, on_gpu=True) == "bf16"
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *args, **kwargs: False)
    assert finetune_stage.resolve_precision("auto", quantized=False, on_gpu=True) == "fp16"


def test_bf16_on_a_cpu_without_bf16_units_warns(caplog):
    with caplog.at_level("WARNING", logger="htmlgen.finetune"):
        assert finetune_stage.resolve_precision("bf16", quantized=False, on_gpu=False, cpu_flags=AVX2_FLAGS) == "bf16"
    assert "~100x slower" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="htmlgen.finetune"):
        finetune_stage.resolve_precision("bf16", quantized=False, on_gpu=False, cpu_flags=ZEN5_FLAGS)
    assert not caplog.text


def test_cpu_flags_are_read_from_linux_cpuinfo(tmp_path):
    from htmlgen import modeling

    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu avx2 avx512_bf16\n\n"
                       "processor\t: 1\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu avx2 avx512_bf16\n")
    assert modeling.cpu_flags(cpuinfo) == {"fpu", "avx2", "avx512_bf16"}
    assert modeling.cpu_bf16_unit(modeling.cpu_flags(cpuinfo)) == "avx512_bf16"
    assert modeling.cpu_bf16_unit({"fpu", "avx2", "avx512f"}) is None
    assert modeling.cpu_flags(tmp_path / "absent") == set()


def test_auto_precision_trains_in_bf16_where_the_cpu_has_the_units(tmp_path, data_dir, tiny_base_dir, monkeypatch):
    """The stage decides auto before training: the Trainer autocasts to bf16, and the adapter's record
    and the dvclive summary say which precision trained it."""
    monkeypatch.setattr(finetune_stage, "cpu_bf16_unit", lambda flags=None: "avx512_bf16")
    autocast = []
    real_arguments = finetune_stage.training_arguments

    def arguments(cfg, *args, **kwargs):
        made = real_arguments(cfg, *args, **kwargs)
        autocast.append((made.bf16, made.fp16))
        return made

    monkeypatch.setattr(finetune_stage, "training_arguments", arguments)
    summary, root = train(tmp_path, data_dir, tiny_base_dir, config(max_steps=2, precision="auto"))

    assert autocast == [(True, False)] and summary["precision"] == "bf16"
    assert io.read_json(root / "lora" / artifacts.TRAIN_RECORD_FILE)["finetune"]["precision"] == "bf16"
    assert io.read_json(root / "live" / "metrics.json")["precision"] == "bf16"


def test_the_stage_trains_in_the_stratified_order_a_new_one_each_epoch(tmp_path, data_dir, tiny_base_dir,
                                                                        monkeypatch):
    import random

    from datasets import load_from_disk

    from htmlgen.collate import stratified_order
    from htmlgen.modeling import load_base_model

    # The fixture's four training pairs, given categories as the sample set's rows have them.
    categories = ["text", "form", "list", "form"]
    tokenized = tmp_path / "tokenized"
    for split in ("validation", "test"):
        load_from_disk(str(data_dir / split)).save_to_disk(str(tokenized / split))
    (tokenized / "format.json").write_bytes((data_dir / "format.json").read_bytes())
    examples = load_from_disk(str(data_dir / "train"))
    examples.remove_columns(["category"]).add_column("category", categories).save_to_disk(str(tokenized / "train"))
    rows = [tuple(ids) for ids in examples["input_ids"]]

    def seen_order(data_order: str) -> list[int]:
        seen = []

        def note(module, args):
            if module.training:  # not the validation at the end
                seen.append(rows.index(tuple(args[0][0].tolist())))

        def watched(base, quant=None):  # the stage's model, noting each training micro-batch's example
            model = load_base_model(base, quant) if quant is not None else load_base_model(base)
            model.get_input_embeddings().register_forward_pre_hook(note)
            return model

        monkeypatch.setattr(finetune_stage, "load_base_model", watched)
        train(tmp_path, tokenized, tiny_base_dir, config(per_device_train_batch_size=1, max_steps=8, seed=5,
                                                         data_order=data_order), name=data_order)
        return seen

    stratified = seen_order("stratified")
    assert stratified == (stratified_order(categories, random.Random(5)) + stratified_order(categories,
                                                                                              random.Random(6)))
    assert stratified[:4] != stratified[4:]
    assert seen_order("shuffle")[:4] != stratified[:4]  # the Trainer's own shuffle is another order
