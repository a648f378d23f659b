#!/usr/bin/env bash
# The GPU check. On a machine with an NVIDIA GPU: builds the benchmark with the CUDA flavour of ONNX Runtime,
# forges the full-size synthetic model (fp16), checks that CUDA greedy tokens equal the CPU's, and measures the
# real-time factor, batch throughput at 1, 4 and 16 streams (every batched stream's tokens checked against the stream
# alone), time to first audio of a 400-token sentence with in-sentence streaming on and off, and peak GPU memory
# (nvidia-smi). The report goes to .artifacts/gpu-check/report.md;
# paste it into docs/benchmarks.md with the GPU named.
#
#   bench/gpu-check.sh              the real check (needs nvidia-smi, CUDA 13 and cuDNN 9)
#   bench/gpu-check.sh --cpu-smoke  the same steps on the CPU build with a tiny forged model and short requests,
#                                   run by the test suite so this script cannot rot
set -euo pipefail
if [[ ${BASH_SOURCE[0]} == */* ]]; then cd "${BASH_SOURCE[0]%/*}"; fi
cd ..

mode=gpu
if [[ ${1:-} == --cpu-smoke ]]; then
    mode=cpu-smoke
elif [[ $# -gt 0 ]]; then
    echo "usage: bench/gpu-check.sh [--cpu-smoke]" >&2
    exit 2
fi

if [[ $mode == gpu ]] && ! command -v nvidia-smi >/dev/null; then
    echo "gpu-check: nvidia-smi not found; this check needs an NVIDIA GPU (or run with --cpu-smoke)." >&2
    exit 1
fi

out=.artifacts/gpu-check/$mode
rm -rf "$out"
mkdir -p "$out"

if [[ $mode == gpu ]]; then
    flavor=cuda
    run=(--device cuda --dtype fp16 --tokens 160 --levels 1,4,16)
    stream=(--device cuda --dtype fp16 --tokens 400 --runs 3 --prefix off)
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$out/gpu.txt"
else
    flavor=cpu
    echo "cpu smoke run" > "$out/gpu.txt"
    dotnet run --project tools/ModelForge -c Release -- --profile tiny --dtype fp32 --min-stop-position 8196 --out "$out/model" > "$out/forge.log"
    run=(--device cpu --dtype fp32 --tokens 20 --levels 1,2 --model-dir "$out/model")
    stream=(--device cpu --dtype fp32 --tokens 60 --chunk-tokens 10 --runs 1 --prefix off --model-dir "$out/model")
fi

dotnet build bench/LocalAi.Speech.Benchmarks/LocalAi.Speech.Benchmarks.csproj -c Release \
    -p:OnnxRuntimeFlavor=$flavor -o "$out/bin" > "$out/build.log"

sampler=""
if [[ $mode == gpu ]]; then
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 > "$out/gpu-memory.csv" &
    sampler=$!
fi

status=0
dotnet "$out/bin/LocalAi.Speech.Benchmarks.dll" batch "${run[@]}" --compare-cpu --markdown "$out/report.md" || status=$?
if [[ $status -eq 0 ]]; then
    # Time to first audio with in-sentence streaming on and off, on a sentence that runs its whole budget.
    dotnet "$out/bin/LocalAi.Speech.Benchmarks.dll" stream "${stream[@]}" --markdown "$out/stream.md" || status=$?
    if [[ -f $out/stream.md ]]; then
        { echo; cat "$out/stream.md"; } >> "$out/report.md"
    fi
fi

if [[ -n $sampler ]]; then
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    peak=$(sort -n "$out/gpu-memory.csv" | tail -1)
    echo "Peak GPU memory (nvidia-smi, whole device): ${peak} MiB on $(cat "$out/gpu.txt")." >> "$out/report.md"
fi

if [[ $status -ne 0 ]]; then
    echo "gpu-check: the benchmark failed (exit $status)." >&2
    exit "$status"
fi

echo "gpu-check: report in $out/report.md"
