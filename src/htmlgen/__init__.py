"""htmlgen: fine-tune open LLMs to write HTML from natural-language prompts."""

import os

__version__ = "0.1.0"

# torch's CPU matmuls are MKL's. In MKL's conditional-numerical-reproducibility mode (MKL_CBWR=AUTO:
# its usual instruction-set dispatch, with static scheduling, fixed cache sizes and deterministic
# reductions) the GEMMs of 8-64 rows that decoding runs took 1.2-1.5x less time on the AMD EPYC
# 2-core machine, and a whole evaluation's generation 1.23x less, the answers unchanged (README,
# "Generation speed"; benchmarks/mkl_mode.py). MKL reads the variable at its first call, so this
# runs before torch multiplies anything in a stage, the server or a benchmark. A value the user set
# wins; an empty one (MKL_CBWR=) keeps MKL's own default.
os.environ.setdefault("MKL_CBWR", "AUTO")
