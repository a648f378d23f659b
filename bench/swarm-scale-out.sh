#!/usr/bin/env bash
# The scale-out bench: requests per second through the routers of deploy/swarm/stack.yaml with 1 and then 3 CPU
# tts-server replicas, in one run, on a single-node swarm (made here when there is none, and left afterwards).
# The tts-servers run the tiny forged model (tools/ModelForge), mounted as in the Swarm test
# (tests/LocalAi.Deploy.Tests/Swarm/stack.test.yaml); Redis is the test's local image. Each phase sends speech
# requests with text of their own (no cache hits) from CLIENTS curl loops spread over both routers for SECONDS.
#
# Usage: [REUSE_IMAGES=1] bench/swarm-scale-out.sh [SECONDS (default 30)] [CLIENTS (default 6)]
# Needs: root (the local base image), Docker, the .NET SDK, redis-server on the host; ./scripts/start-docker.sh.
set -euo pipefail
seconds="${1:-30}"
clients="${2:-6}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stack=localai-bench
work=$(mktemp -d /tmp/localai-swarm-bench.XXXXXX)
made_swarm=false

cleanup() {
  docker stack rm "$stack" >/dev/null 2>&1 || true
  for _ in $(seq 120); do [[ -z "$(docker ps -aq --filter "label=com.docker.stack.namespace=$stack")" ]] && break; sleep 1; done
  $made_swarm && docker swarm leave --force >/dev/null 2>&1 || true
  docker volume rm "${stack}_redis-data" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# REUSE_IMAGES=1 keeps the images a previous run built (they are left in place for that).
if [[ "${REUSE_IMAGES:-}" != 1 ]] || ! docker image inspect localai-bench-tts:latest localai-bench-router:latest localai-bench-redis:latest >/dev/null 2>&1; then
  deploy/build-tts-server.sh --local --tag localai-bench-tts:latest
  deploy/build-tts-server.sh --router --local --tag localai-bench-router:latest
  tests/LocalAi.Deploy.Tests/Swarm/make-redis-image.sh localai-bench-redis:latest
fi
dotnet run --project tools/ModelForge -c Release -- --profile tiny --dtype fp32 --out "$work/model" >/dev/null
docker run --rm -v "$work:/out" localai/debian-bookworm:local \
  ffmpeg -loglevel error -f lavfi -i "sine=frequency=180:duration=6:sample_rate=24000" -ac 1 -c:a pcm_s16le /out/voice.wav
chmod -R a+rX "$work"

if [[ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != active ]]; then
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  made_swarm=true
fi
ROUTER_IMAGE=localai-bench-router:latest TTS_IMAGE=localai-bench-tts:latest REDIS_IMAGE=localai-bench-redis:latest \
  CPU_REPLICAS=1 ROUTER_PORT=0 ROUTER_PUBLISH_MODE=host MODEL_FOLDER="$work" \
  docker stack deploy --detach=true -c deploy/swarm/stack.yaml -c tests/LocalAi.Deploy.Tests/Swarm/stack.test.yaml "$stack" >/dev/null

routers() {
  for c in $(docker ps -q --filter "label=com.docker.swarm.service.name=${stack}_router"); do
    docker port "$c" 8080/tcp 2>/dev/null | sed -n 's/^0\.0\.0\.0:\([0-9]*\)$/\1/p'
  done
}

# Waits until both routers count exactly $1 serving tts-servers.
wait_for_members() {
  for _ in $(seq 600); do
    local ports ok=0
    ports=$(routers)
    for port in $ports; do
      [[ $(curl -fsS -m 5 "http://127.0.0.1:$port/v1/router/upstreams" 2>/dev/null | grep -o '"serving":true' | wc -l) == "$1" ]] && ok=$((ok + 1))
    done
    ((ok == 2)) && return 0
    sleep 0.5
  done
  echo "error: the routers did not list $1 serving tts-servers" >&2
  exit 1
}

# One client: speech requests back to back until the deadline; one line per request: status and seconds.
client() {
  local port=$1 deadline=$2 id=$3 i=0
  while (($(date +%s) < deadline)); do
    i=$((i + 1))
    curl -s -m 120 -o /dev/null -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$port/v1/audio/speech" \
      -H 'content-type: application/json' \
      -d "{\"model\":\"tts-1\",\"input\":\"Client $id says sentence $i at $(date +%s%N).\",\"voice\":\"alloy\",\"response_format\":\"wav\"}"
  done
}

measure() {
  local replicas=$1
  docker service scale --detach "${stack}_tts-cpu=$replicas" >/dev/null
  wait_for_members "$replicas"
  local ports=($(routers)) out="$work/phase-$replicas.txt"
  # Warm-up: every replica loads its session and the routers their connections.
  local warm=$(($(date +%s) + 5))
  for id in $(seq "$clients"); do client "${ports[$((id % 2))]}" "$warm" "w$id" >/dev/null & done
  wait
  local deadline=$(($(date +%s) + seconds))
  for id in $(seq "$clients"); do client "${ports[$((id % 2))]}" "$deadline" "$id" & done >"$out"
  wait
  local p95
  p95=$(awk '$1 == 200 { print $2 }' "$out" | sort -n | awk '{ t[NR] = $1 } END { printf "%.0f", 1000 * t[int(NR * 0.95)] }')
  awk -v r="$replicas" -v s="$seconds" -v p95="$p95" '
    $1 == 200 { ok++; sum += $2 } $1 != 200 { bad++ }
    END { printf "%d replica(s): %d ok, %d failed, %.1f requests/s, mean %.0f ms, p95 %s ms\n", r, ok, bad + 0, ok / s, 1000 * sum / ok, p95 }' "$out"
}

echo "uptime before: $(uptime)"
measure 1
measure 3
echo "uptime after: $(uptime)"
echo "($seconds s per phase, $clients clients over 2 routers, tiny forged model, fp32; $(nproc) cores)"
