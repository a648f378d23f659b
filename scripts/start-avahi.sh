#!/usr/bin/env bash
# Makes Avahi (the mDNS responder of Linux systems) answer on the D-Bus system bus for the Wyoming announcement
# tests: installs avahi-daemon, avahi-utils and dbus when missing, and starts the system bus and the daemon when they
# are not running (a container has no init to do it). Safe to run repeatedly.
set -euo pipefail

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)

missing=()
command -v avahi-daemon >/dev/null 2>&1 || missing+=(avahi-daemon)
command -v avahi-browse >/dev/null 2>&1 || missing+=(avahi-utils)
command -v dbus-daemon >/dev/null 2>&1 || missing+=(dbus)
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! [[ -S /run/dbus/system_bus_socket ]] || ! dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetId >/dev/null 2>&1; then
  echo "starting the D-Bus system bus" >&2
  "${sudo_cmd[@]}" mkdir -p /run/dbus
  "${sudo_cmd[@]}" rm -f /run/dbus/pid /run/dbus/system_bus_socket
  "${sudo_cmd[@]}" dbus-daemon --system --fork
fi

if ! avahi-daemon --check 2>/dev/null; then
  echo "starting avahi-daemon" >&2
  "${sudo_cmd[@]}" avahi-daemon --daemonize --no-chroot
fi
for _ in $(seq 1 30); do
  avahi-browse --all --terminate --parsable >/dev/null 2>&1 && exit 0
  sleep 0.5
done
echo "error: avahi-daemon did not answer on D-Bus within 15 s" >&2
exit 1
