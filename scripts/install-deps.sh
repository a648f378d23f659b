#!/usr/bin/env bash
# Installs the Debian packages the project needs at run time (ffmpeg for audio containers) and,
# with --test, the tools the tests use to make and inspect audio (sox, espeak-ng) and a Redis server.
# Safe to run repeatedly: it installs only what is missing.
set -euo pipefail

need=(ffmpeg)
if [[ "${1:-}" == "--test" ]]; then
  need+=(sox espeak-ng redis-server)
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it from https://dot.net and run again." >&2
  exit 1
fi

missing=()
for pkg in "${need[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
