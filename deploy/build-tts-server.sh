#!/usr/bin/env bash
# Builds the tts-server image, tts-inference-server:latest unless --tag says otherwise.
#
# Usage: deploy/build-tts-server.sh [--cuda | --local] [--tag TAG] [--project CSPROJ]
#   (default)  CPU image from deploy/Dockerfile.cpu: published inside Docker on the public .NET SDK
#              image, run on debian:bookworm-slim. Needs a registry.
#   --cuda     GPU image from deploy/Dockerfile.cuda (CUDA 12 + cuDNN 9 on nvidia/cuda). Needs a registry.
#   --local    CPU image with no registry: makes the base image with deploy/make-local-base.sh (reused
#              when it exists; root and debootstrap needed the first time), publishes the app on this
#              machine (.NET SDK needed) and copies it onto that base with deploy/Dockerfile.local.
#   --tag      the image tag (default tts-inference-server:latest).
#   --project  the project to publish (default src/LocalAi.TtsServer/LocalAi.TtsServer.csproj).
# LOCAL_BASE_IMAGE overrides the local base image's tag (default localai/debian-bookworm:local).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
flavor=cpu
tag="tts-inference-server:latest"
project="src/LocalAi.TtsServer/LocalAi.TtsServer.csproj"
base_image="${LOCAL_BASE_IMAGE:-localai/debian-bookworm:local}"

while (($#)); do
  case "$1" in
    --cuda) flavor=cuda ;;
    --local) flavor=local ;;
    --tag) tag="${2:?--tag needs a value}"; shift ;;
    --project) project="${2:?--project needs a value}"; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

cd "$root"
[[ -f "$project" ]] || { echo "error: project $project does not exist" >&2; exit 1; }

case "$flavor" in
  cpu|cuda)
    docker build -f "deploy/Dockerfile.$flavor" --build-arg "PROJECT=$project" -t "$tag" .
    ;;
  local)
    "$root/deploy/make-local-base.sh" "$base_image"
    # Its own artifacts folder keeps the RID-specific publish apart from the solution's bin/ and obj/,
    # and keeps it incremental from one run to the next.
    name=$(basename "$project" .csproj)
    artifacts="$root/.artifacts/deploy/$name"
    app="$artifacts/app"
    rm -rf "$app"
    dotnet publish "$project" -c Release -r linux-x64 --self-contained \
      --artifacts-path "$artifacts/build" -o "$app" -nologo -v quiet -clp:ErrorsOnly
    docker build -f deploy/Dockerfile.local --build-arg "BASE_IMAGE=$base_image" -t "$tag" "$app"
    ;;
esac
echo "built $tag ($flavor)" >&2
