"""A tiny random-initialised Llama and a byte-level BPE tokenizer with the ChatML chat template
(htmlgen's fallback one), built offline. Saved as a normal Hugging Face folder, so the code under test loads it through
the same path as models/base (from_pretrained on a local folder)."""

from __future__ import annotations

from pathlib import Path

from htmlgen.prompting import FALLBACK_CHAT_TEMPLATE  # ChatML, as SmolLM2 uses

CORPUS = [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>Page</title>\n"
    "  <style>body { font-family: sans-serif; color: #333; }</style>\n</head>\n<body>\n  <h1>Hello</h1>\n"
    "  <p>A paragraph with <a href=\"#\">a link</a>.</p>\n  <button class=\"btn\">Buy now</button>\n"
    "  <ul><li>One</li><li>Two</li></ul>\n  <form><input type=\"email\" name=\"email\"></form>\n</body>\n</html>",
    "Create a landing page with a hero section, a pricing table and a contact form.",
    "You are an expert web developer. Reply with one complete, self-contained HTML document and nothing else.",
]


def build_tokenizer(vocab_size: int = 400):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    backend.train_from_iterator(CORPUS * 20, trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, bos_token="<|im_start|>", eos_token="<|im_end|>",
                                        pad_token="<|im_end|>", unk_token="<|endoftext|>")
    tokenizer.chat_template = FALLBACK_CHAT_TEMPLATE
    return tokenizer


def build_tiny_checkpoint(folder: Path, seed: int = 0, hidden_size: int = 64, layers: int = 2) -> Path:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    tokenizer = build_tokenizer()
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=hidden_size, intermediate_size=2 * hidden_size,
        num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=4096,
        tie_word_embeddings=True, bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
