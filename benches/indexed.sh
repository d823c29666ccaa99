#!/usr/bin/env bash
# How long the debugger takes to index a whole log, as it says itself when
# the load ends ("7,000,000 events indexed in 2.81 s", timed from launch),
# in a real terminal (tmux). The screen is looked at only twice a second, so
# that the looking takes next to nothing from the load. A load of under a
# second is not remarked on, so give a log of a few million events. Usage:
#   benches/indexed.sh LOG [RUNS]        (needs tmux; RUNS defaults to 5)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
log=$1
runs=${2:-5}
session=rewind-indexed
for run in $(seq "$runs"); do
    tmux kill-session -t $session 2>/dev/null || true
    tmux new-session -d -s $session -x 160 -y 45 "target/release/rewind --no-session $log"
    said=""
    for _ in $(seq 120); do
        sleep 0.5
        said=$(tmux capture-pane -p -t $session | grep -o '[0-9,]* events\? indexed in [0-9.]* s' || true)
        [ -n "$said" ] && break
    done
    echo "run $run: ${said:-no time said within a minute (a load under a second says none)}"
    tmux send-keys -t $session q
    sleep 0.3
    tmux kill-session -t $session 2>/dev/null || true
done
