"""modeling.gguf_read_once: one GGUF reader per file and one tensor-name map per architecture while
the base is converted, and the gguf module left as it was found, even when the conversion fails (the
real conversion: tests/test_real_model.py)."""

from __future__ import annotations

import numpy as np
import pytest

from htmlgen.modeling import gguf_read_once


@pytest.fixture()
def tiny_gguf(tmp_path):
    import gguf

    path = tmp_path / "tiny.gguf"
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_array("tokenizer.ggml.tokens", ["<s>", "a", "b"])
    writer.add_tensor("token_embd.weight", np.zeros((3, 4), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_one_reader_per_file_inside_and_the_module_restored_after(tiny_gguf):
    import gguf

    original = gguf.GGUFReader
    with gguf_read_once():
        first, again = gguf.GGUFReader(tiny_gguf), gguf.GGUFReader(str(tiny_gguf))
        assert first is again  # the second open is the first reader: parsed once
        assert [str(bytes(part), "utf-8") for part in
                (first.fields["tokenizer.ggml.tokens"].parts[i] for i in first.fields["tokenizer.ggml.tokens"].data)
                ] == ["<s>", "a", "b"]
    assert gguf.GGUFReader is original
    assert gguf.GGUFReader(tiny_gguf) is not first  # outside, every open parses anew

    with pytest.raises(RuntimeError, match="conversion failed"), gguf_read_once():
        raise RuntimeError("conversion failed")
    assert gguf.GGUFReader is original


def test_one_tensor_name_map_per_architecture_inside_and_the_function_restored_after():
    import gguf

    original = gguf.get_tensor_name_map
    with gguf_read_once():
        llama = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, 30)
        assert gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, 30) is llama  # built once
        assert gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, 2) is not llama  # per block count
        assert llama.get_name("model.layers.3.self_attn.q_proj") == "blk.3.attn_q"
    assert gguf.get_tensor_name_map is original
    assert gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, 30) is not llama

    with pytest.raises(RuntimeError, match="conversion failed"), gguf_read_once():
        raise RuntimeError("conversion failed")
    assert gguf.get_tensor_name_map is original
