#!/usr/bin/env bash
# rewind against what a data engineer would reach for instead, on the same
# generated log, alternately in one run, so the ratios hold on any machine:
#
#   - DuckDB (Python package, pinned) summing signed amounts per account as
#     DECIMAL in one GROUP BY, timed in-process around the query only
#     (less work than rewind: no diagnostics, ids or timestamps), against
#     `rewind state` and `rewind check`, whole process;
#   - lnav indexing the log headlessly with a JSON format definition
#     (benches/lnav-format.json), against the debugger indexing it (the
#     time it says itself, in tmux, as benches/indexed.sh reads it).
#
# Usage: benches/compare.sh [EVENTS] [RUNS] [INDEX_EVENTS] [INDEX_RUNS]
#   defaults: 1000000 events, 7 runs; 7000000 events, 3 runs for indexing
#   (INDEX_EVENTS=0 skips the indexing part). Installs duckdb in a virtual
#   environment under target/ if missing; lnav (Debian) and tmux must be
#   installed for the indexing part, else it is skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
runs=${2:-7}
index_events=${3:-7000000}
index_runs=${4:-3}
tmp=${TMPDIR:-/tmp}
cargo build --release --quiet
bin=$PWD/target/release/rewind

venv=target/bench-venv
if ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet duckdb==2.0.1
fi

log=$tmp/rewind-compare-$events.jsonl
[ -s "$log" ] || "$bin" generate --events "$events" > "$log"
echo "log: $log ($(du -h "$log" | cut -f1), $events events)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"

"$venv/bin/python" - "$log" "$bin" "$runs" <<'PY'
import duckdb, statistics, subprocess, sys, time
log, rewind, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
amount = "CAST(data.amount AS DECIMAL(38, 2))"
# One scan: each event becomes its signed amounts (a transfer two), unnested
# and grouped. (A MATERIALIZED CTE scanned four times was twice as slow.)
query = f"""
SELECT u.k, sum(u.d) FROM (
  SELECT unnest(CASE type
    WHEN 'AccountOpened' THEN [{{'k': account, 'd': CAST(data.initial_balance AS DECIMAL(38, 2))}}]
    WHEN 'MoneyDeposited' THEN [{{'k': account, 'd': {amount}}}]
    WHEN 'MoneyWithdrawn' THEN [{{'k': account, 'd': -{amount}}}]
    WHEN 'MoneyTransferred' THEN [{{'k': account, 'd': -{amount}}}, {{'k': data.to_account, 'd': {amount}}}]
  END) AS u
  FROM read_json('{log}', format = 'newline_delimited',
    columns = {{type: 'VARCHAR', account: 'VARCHAR',
               data: 'STRUCT(initial_balance VARCHAR, amount VARCHAR, to_account VARCHAR)'}})
) GROUP BY u.k
"""

def duck():
    con = duckdb.connect()
    t = time.perf_counter()
    rows = con.execute(query).fetchall()
    took = time.perf_counter() - t
    con.close()
    return took, rows

def process(*args):
    t = time.perf_counter()
    done = subprocess.run([rewind, *args, log], stdout=subprocess.DEVNULL)
    # check exits 1 when it finds an error: that is an answer, not a failure
    if done.returncode not in (0, 1):
        sys.exit(f"rewind {' '.join(args)} failed: exit {done.returncode}")
    return time.perf_counter() - t

arms = {"duckdb GROUP BY (in-process)": [], "rewind state (whole process)": [],
        "rewind check (whole process)": []}
rows = []
for _ in range(runs):
    took, rows = duck()
    arms["duckdb GROUP BY (in-process)"].append(took)
    arms["rewind state (whole process)"].append(process("state"))
    arms["rewind check (whole process)"].append(process("check"))

# How close the answers are: the generated log has events before their
# account's opening (account_not_open), whose amounts an opening replaces
# in rewind (it sets the balance) and the query adds to, so those differ.
import json
from decimal import Decimal
state = json.loads(subprocess.run([rewind, "state", "--json", log], capture_output=True).stdout)
ours = {name: Decimal(a["balance"]) for name, a in state["accounts"].items()}
differ = sum(1 for k, d in rows if ours.get(k) != d)
print(f"\nbalances equal to rewind state's: {len(rows) - differ} of {len(rows)} accounts"
      " (the others have events before their opening, which the query adds up)")
print(f"{runs} alternating runs each (duckdb {duckdb.__version__}), seconds:")
print(f"{'':32} {'median':>8} {'min':>8} {'max':>8}")
for name, times in arms.items():
    print(f"{name:32} {statistics.median(times):8.3f} {min(times):8.3f} {max(times):8.3f}")
duck_median = statistics.median(arms["duckdb GROUP BY (in-process)"])
for name in ("rewind state (whole process)", "rewind check (whole process)"):
    ratio = duck_median / statistics.median(arms[name])
    print(f"{name.split(' (')[0]} is {ratio:.2f}x DuckDB's speed (DuckDB median / rewind median)")
PY

if [ "$index_events" = 0 ]; then exit 0; fi
if ! command -v lnav >/dev/null || ! command -v tmux >/dev/null; then
    echo "indexing: skipped (needs lnav and tmux: apt-get install lnav tmux)"
    exit 0
fi
big=$tmp/rewind-compare-$index_events.jsonl
[ -s "$big" ] || "$bin" generate --events "$index_events" > "$big"
lnav_home=$(mktemp -d)
trap 'rm -rf "$lnav_home"' EXIT
HOME=$lnav_home lnav -i benches/lnav-format.json >/dev/null
echo
echo "indexing $big ($(du -h "$big" | cut -f1), $index_events events), $index_runs alternating runs;"
echo "lnav $(lnav -V | cut -d' ' -f2) headless (-n) counting its rows, the debugger as it says itself:"
for run in $(seq "$index_runs"); do
    t0=$(date +%s%N)
    HOME=$lnav_home lnav -n -c ';SELECT count(*) FROM rewind_bank' "$big" >/dev/null
    t1=$(date +%s%N)
    printf 'run %d: lnav %d.%03d s, ' "$run" $(((t1 - t0) / 1000000000)) $(((t1 - t0) / 1000000 % 1000))
    bash benches/indexed.sh "$big" 1 | sed 's/^run 1: /rewind /'
done
