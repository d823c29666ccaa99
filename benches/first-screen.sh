#!/usr/bin/env bash
# Time from launching the debugger in a real terminal (tmux) until its first
# screen is visible, for each log given. Most of it is tmux starting the
# program: compare a large log with a small one. Usage:
#   benches/first-screen.sh LOG [LOG...]        (needs tmux)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
for log in "$@"; do
    for run in 1 2 3; do
        tmux kill-session -t rewind-first-screen 2>/dev/null || true
        start=$(date +%s%N)
        tmux new-session -d -s rewind-first-screen -x 160 -y 45 "target/release/rewind --no-session $log"
        until tmux capture-pane -p -t rewind-first-screen 2>/dev/null | grep -q "Events"; do
            sleep 0.002
        done
        end=$(date +%s%N)
        echo "$log run $run: first screen after $(((end - start) / 1000000)) ms"
        tmux send-keys -t rewind-first-screen q
        sleep 0.3
        tmux kill-session -t rewind-first-screen 2>/dev/null || true
    done
done
