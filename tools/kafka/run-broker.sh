#!/usr/bin/env bash
# Runs a command (the Kafka JVM) and ties its life to the stdin pipe of this wrapper:
# when the owner closes stdin -- on purpose, or because the owner died, even of SIGKILL --
# the command gets SIGTERM, and SIGKILL if it is still alive GRACE seconds later.
# Usage: run-broker.sh GRACE COMMAND [ARGS...]
set -u
grace="$1"
shift
# Background jobs of a script read /dev/null by default: keep our stdin on fd 3 for the watcher.
exec 3<&0
"$@" </dev/null 3<&- &
child=$!
(
  while read -r _ <&3; do :; done
  kill -TERM "$child" 2>/dev/null || exit 0
  for _ in $(seq 1 $((grace * 10))); do
    kill -0 "$child" 2>/dev/null || exit 0
    sleep 0.1
  done
  kill -KILL "$child" 2>/dev/null
) &
watcher=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
wait "$child"
status=$?
# The JVM may have been stopped by a signal that hit the wrapper (the trap); wait for it for real.
while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
kill "$watcher" 2>/dev/null
exec 3<&-
exit "$status"
