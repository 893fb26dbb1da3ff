"""htmlgen: fine-tune open LLMs to write HTML from natural-language prompts."""

__version__ = "0.1.0"
