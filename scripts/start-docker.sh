#!/usr/bin/env bash
# Makes a Docker engine answer for the container tests (tests/LocalAi.Deploy.Tests): installs docker.io and
# debootstrap (which makes the local base image) when missing, and starts dockerd in the background when no engine
# answers. Safe to run repeatedly. The daemon's log is .artifacts/dockerd.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

docker info >/dev/null 2>&1 && exit 0

mkdir -p "$root/.artifacts"
echo "starting dockerd" >&2
"${sudo_cmd[@]}" nohup dockerd >"$root/.artifacts/dockerd.log" 2>&1 &
for _ in $(seq 1 60); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 1
done
echo "error: dockerd did not answer within 60 s; see .artifacts/dockerd.log" >&2
tail -n 20 "$root/.artifacts/dockerd.log" >&2
exit 1
