"""One module per DVC stage, each runnable as ``python -m htmlgen.stages.<name>``."""
