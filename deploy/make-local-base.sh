#!/usr/bin/env bash
# Makes the base image the local Dockerfile builds on when no registry can be reached: a minimal
# Debian bookworm root filesystem made by debootstrap from the apt mirror and imported into Docker.
# It holds what the runtime stage needs and nothing else (ffmpeg for audio formats, CA certificates
# for model downloads, curl for the HEALTHCHECK).
#
# Usage: deploy/make-local-base.sh [--force] [IMAGE]
#   IMAGE defaults to localai/debian-bookworm:local. The image is reused when it exists and was made
#   from the same package list; --force makes it again. DEBIAN_MIRROR overrides the mirror, which is
#   otherwise the first Debian mirror the host's apt sources name. Needs root (debootstrap chroots).
set -euo pipefail

packages="ffmpeg,ca-certificates,curl"
force=false
image="localai/debian-bookworm:local"
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "error: unknown option $arg" >&2; exit 2 ;;
    *) image="$arg" ;;
  esac
done

# The label ties the cached image to the package list, so changing the list here remakes it.
if ! $force && [[ "$(docker image inspect --format '{{ index .Config.Labels "org.localai.base.packages" }}' "$image" 2>/dev/null)" == "$packages" ]]; then
  echo "base image $image is up to date" >&2
  exit 0
fi

command -v debootstrap >/dev/null || { echo "error: debootstrap is not installed (apt-get install -y debootstrap)" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || { echo "error: debootstrap needs root" >&2; exit 1; }

mirror="${DEBIAN_MIRROR:-}"
if [[ -z "$mirror" ]]; then
  # deb822 sources ("URIs: ...") and one-line sources ("deb URI suite ..."), the first plain Debian one.
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | sed -n -e 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\{0,1\}\([^[:space:]]*\).*/\2/p' \
    | grep -E '/debian/?$' | head -n1 || true)
  mirror="${mirror:-http://deb.debian.org/debian}"
fi

rootfs=$(mktemp -d /tmp/localai-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT

echo "debootstrapping bookworm ($packages) from $mirror" >&2
debootstrap --variant=minbase --include="$packages" bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
  || { tail -n 30 "$rootfs.log" >&2; rm -f "$rootfs.log"; exit 1; }
rm -f "$rootfs.log"

# What only the build needed: downloaded packages, package lists, docs.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*

tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change 'CMD ["/bin/bash"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "LABEL org.localai.base.packages=$packages" \
  - "$image" >/dev/null
echo "imported $image" >&2
