#!/usr/bin/env bash
# rewind against jq 1.6 on the same generated log, in one session, so the
# figures can be compared as ratios. Usage: benches/compare-jq.sh [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
log=${TMPDIR:-/tmp}/rewind-compare-$events.jsonl
cargo build --release --quiet
[ -s "$log" ] || target/release/rewind generate --events "$events" > "$log"
echo "log: $log ($(du -h "$log" | cut -f1), $events events), jq: $(jq --version)"

# Balances by account, the way a jq user would get them: every event becomes
# signed amounts (a transfer two), grouped and added — in binary floats.
replay='[ .[] | (.data.amount // .data.initial_balance // "0" | tonumber) as $a
        | if .type == "AccountOpened" then {k: .account, d: $a, open: true}
          elif .type == "MoneyDeposited" then {k: .account, d: $a}
          elif .type == "MoneyWithdrawn" then {k: .account, d: (0 - $a)}
          elif .type == "MoneyTransferred" then ({k: .account, d: (0 - $a)}, {k: .data.to_account, d: $a})
          else empty end ]
        | group_by(.k) | map({account: .[0].k, balance: (map(.d) | add)})'

run() {
    local name=$1; shift
    local best=0
    for _ in 1 2 3; do
        local t0 t1
        t0=$(date +%s%N)
        "$@" > /dev/null
        t1=$(date +%s%N)
        if [ "$best" = 0 ] || [ $((t1 - t0)) -lt "$best" ]; then best=$((t1 - t0)); fi
    done
    printf '%-34s %5d.%03d s  (best of 3)\n' "$name" $((best / 1000000000)) $((best / 1000000 % 1000))
}

run "jq -c . (parse and print)" jq -c . "$log"
run "jq -s group_by/add (balances)" jq -s "$replay" "$log"
run "rewind state (exact balances)" target/release/rewind state "$log"
run "rewind check (every diagnostic)" target/release/rewind check "$log"
