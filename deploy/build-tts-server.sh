#!/usr/bin/env bash
# Builds the tts-server image, tts-inference-server:latest unless --tag says otherwise, or the router's.
#
# Usage: deploy/build-tts-server.sh [--router] [--cuda | --local] [--tag TAG] [--project CSPROJ]
#   (default)  CPU image from deploy/Dockerfile.cpu: published inside Docker on the public .NET SDK
#              image, run on debian:bookworm-slim. Needs a registry.
#   --cuda     GPU image from deploy/Dockerfile.cuda (CUDA 13 + cuDNN 9 on nvidia/cuda). Needs a registry.
#   --local    CPU image with no registry: makes the base image with deploy/make-local-base.sh (reused
#              when it exists; root and debootstrap needed the first time), publishes the app on this
#              machine (.NET SDK needed) and copies it onto that base with deploy/Dockerfile.local.
#   --router   the router image instead (deploy/Dockerfile.router, or Dockerfile.router.local with --local;
#              tag localai-router:latest, project src/LocalAi.Cli/LocalAi.Cli.csproj); no --cuda: it needs no GPU.
#   --tag      the image tag (default tts-inference-server:latest).
#   --project  the project to publish (default src/LocalAi.TtsServer/LocalAi.TtsServer.csproj).
# LOCAL_BASE_IMAGE overrides the local base image's tag (default localai/debian-bookworm:local).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
flavor=cpu
image=tts-server
tag=""
project=""
base_image="${LOCAL_BASE_IMAGE:-localai/debian-bookworm:local}"

while (($#)); do
  case "$1" in
    --cuda) flavor=cuda ;;
    --local) flavor=local ;;
    --router) image=router ;;
    --tag) tag="${2:?--tag needs a value}"; shift ;;
    --project) project="${2:?--project needs a value}"; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [[ "$image" == router ]]; then
  [[ "$flavor" != cuda ]] || { echo "error: --router and --cuda cannot be combined: the router needs no GPU" >&2; exit 2; }
  : "${tag:=localai-router:latest}" "${project:=src/LocalAi.Cli/LocalAi.Cli.csproj}"
  dockerfile="deploy/Dockerfile.router"
  local_dockerfile="deploy/Dockerfile.router.local"
else
  : "${tag:=tts-inference-server:latest}" "${project:=src/LocalAi.TtsServer/LocalAi.TtsServer.csproj}"
  dockerfile="deploy/Dockerfile.$flavor"
  local_dockerfile="deploy/Dockerfile.local"
fi

cd "$root"
[[ -f "$project" ]] || { echo "error: project $project does not exist" >&2; exit 1; }

case "$flavor" in
  cpu|cuda)
    docker build -f "$dockerfile" --build-arg "PROJECT=$project" -t "$tag" .
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
    docker build -f "$local_dockerfile" --build-arg "BASE_IMAGE=$base_image" -t "$tag" "$app"
    ;;
esac
echo "built $tag ($image, $flavor)" >&2
