#!/usr/bin/env bash
# Installs the Debian packages the project needs at run time (ffmpeg for audio containers), to build
# (Node.js and npm build the web dashboard in web/) and, with --test, the tools the tests use to make and
# inspect audio (sox, espeak-ng), the browser the dashboard's tests drive (chromium), a Redis server and kubectl
# (kubernetes-client) to render the Kubernetes manifests. Avahi, for the Wyoming announcement tests, comes with
# scripts/start-avahi.sh.
# Safe to run repeatedly: it installs only what is missing.
set -euo pipefail

need=(ffmpeg)
# A Node.js from elsewhere (nodesource, nvm) is fine: only install Debian's when node or npm is missing.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  need+=(nodejs npm)
fi
if [[ "${1:-}" == "--test" ]]; then
  need+=(sox espeak-ng chromium redis-server)
  # kubectl renders the Kubernetes manifests offline (kubectl kustomize); any kubectl on PATH will do.
  command -v kubectl >/dev/null 2>&1 || need+=(kubernetes-client)
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
