#!/bin/sh
# Like the official redis image: started with no configuration file, Redis answers beyond loopback (the overlay
# network is the boundary), which its protected mode would otherwise refuse.
if [ "$1" = redis-server ]; then
  shift
  exec redis-server --protected-mode no "$@"
fi
exec "$@"
