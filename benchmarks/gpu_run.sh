#!/usr/bin/env bash
# The GPU checks as one device call (README "GPU check"). The device machines run their own image
# (python3 with torch, accelerate, numpy, pandas, pyarrow, ...: no Hub, no package index), which
# lacks datasets and bitsandbytes and has an older transformers; so the wheels this project pins
# travel with the call:
#
#   bash benchmarks/gpu_run.sh wheels      # here: download them into .device/wheels (git-ignored, 56 MiB)
#   bash benchmarks/gpu_run.sh             # there: device run with carry [".device"]
#
# On the device it installs the wheels into a scratch folder put first on PYTHONPATH (the image is
# left as it is), then runs, each under its own time limit so that one that hangs still leaves
# the other's figures:
#   1. packed vs batch 1 (issue 15's GPU goal: packed >= 2x tokens/s) on a random-weight SmolLM2-135M
#      shape, examples of 256-1024 tokens, packed also with the default torch_compile: regions, then
#      evaluate's generation and perplexity on that adapter;
#   2. the recipe's memory check (QLoRA and bf16 LoRA) on a random-weight Mistral-7B shape, 1024 tokens.
# Results go to $OUT (the device's return folder) or benchmarks/results. PACKING_ARGS / MEMORY_ARGS add
# or override gpu_check.py arguments (e.g. "--shape tiny --steps 2" to try the whole call on a CPU).
set -euo pipefail
cd "$(dirname "$0")/.."
WHEELS=${WHEELS:-.device/wheels}

if [[ "${1:-}" == "wheels" ]]; then
    # Pinned as in requirements.txt; --no-deps: everything else they import is in the image.
    # The device's python3 is 3.12 (DEVICE_PYTHON overrides, e.g. 3.11 to try this on a CPU here).
    pins=$(grep -E '^(transformers|peft|datasets|bitsandbytes)==' requirements.txt | sed 's/ *#.*//')
    mkdir -p "$WHEELS"
    python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version "${DEVICE_PYTHON:-3.12}" \
        --platform manylinux_2_24_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
        -d "$WHEELS" $pins "dill<0.4.2" "multiprocess<0.70.20" "fsspec<=2026.9.0"
    du -sh "$WHEELS"
    exit 0
fi

if ! compgen -G "$WHEELS/*.whl" >/dev/null; then
    echo "no wheels in $WHEELS: run 'bash benchmarks/gpu_run.sh wheels' first and carry .device" >&2
    exit 2
fi
out=${OUT:-benchmarks/results}
mkdir -p "$out"
site=$(mktemp -d)
python3 -m pip install --quiet --no-index --no-deps --target "$site" "$WHEELS"/*.whl
export PYTHONPATH="$site:$PWD/src" HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
python3 -c "import sys, torch, transformers, peft, datasets, bitsandbytes
print('python', sys.version.split()[0], 'torch', torch.__version__, 'transformers', transformers.__version__,
      'peft', peft.__version__, 'datasets', datasets.__version__, 'bitsandbytes', bitsandbytes.__version__,
      'cuda', torch.cuda.is_available())"

status=0
timeout "${PACKING_TIMEOUT:-270}" python3 benchmarks/gpu_check.py --shape smollm2-135m \
    --settings batch1,packed,padded,packed_regions --lengths varied --steps 20 --per-step 8 --warmup --evaluate 32 ${PACKING_ARGS:-} \
    --out "$out/gpu_packing.json" >"$out/gpu_packing.log" 2>&1 || status=$?
tail -n 12 "$out/gpu_packing.log"
timeout "${MEMORY_TIMEOUT:-270}" python3 benchmarks/gpu_check.py ${MEMORY_ARGS:-} \
    --out "$out/gpu_check.json" >"$out/gpu_check.log" 2>&1 || status=$?
tail -n 12 "$out/gpu_check.log"
exit $status
