#!/usr/bin/env bash
# Makes a Redis image with no registry, for the Swarm test and the scale-out bench: the host's redis-server and
# redis-cli (Debian's, which scripts/install-deps.sh --test installs) with the libraries they link, but the C
# library's own, copied onto the local base image (deploy/make-local-base.sh).
# Usage: make-redis-image.sh TAG
set -euo pipefail
tag="${1:?usage: make-redis-image.sh TAG}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base="${LOCAL_BASE_IMAGE:-localai/debian-bookworm:local}"

context=$(mktemp -d /tmp/localai-redis-image.XXXXXX)
trap 'rm -rf "$context"' EXIT
mkdir "$context/lib"
for program in redis-server redis-cli; do
  path=$(command -v "$program") || { echo "error: $program is not installed (apt-get install redis-server)" >&2; exit 1; }
  cp "$path" "$context/"
  ldd "$path" | sed -n 's/.*=> \(\/[^ ]*\) (0x.*/\1/p' | grep -v -E '/lib(c|m)\.so' | xargs -r -I{} cp -L {} "$context/lib/"
done
cp "$here/redis-entrypoint.sh" "$context/"
docker build --quiet --build-arg "BASE_IMAGE=$base" -f "$here/Dockerfile.redis" -t "$tag" "$context" >/dev/null
echo "built $tag" >&2
