#!/usr/bin/env python3
"""A payments-engine CSV for BENCHMARKS.md: `benches/payments-csv.py 2000000 > /tmp/2m.csv`.

Rows `type, client, tx, amount` over 10,000 clients: 60% deposits, 25%
withdrawals, then disputes, resolves and chargebacks of earlier deposits.
The same count gives the same file (seed 1).
"""
import random
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
random.seed(1)
out = sys.stdout
out.write("type, client, tx, amount\n")
tx = 0
deposits = {}
for _ in range(rows):
    client = random.randrange(10000)
    r = random.random()
    if r < 0.6 or not deposits.get(client):
        tx += 1
        deposits.setdefault(client, []).append(tx)
        out.write(f"deposit, {client}, {tx}, {random.randrange(1, 100000) / 100:.2f}\n")
    elif r < 0.85:
        tx += 1
        out.write(f"withdrawal, {client}, {tx}, {random.randrange(1, 5000) / 100:.2f}\n")
    else:
        kind = "dispute" if r < 0.95 else "resolve" if r < 0.99 else "chargeback"
        out.write(f"{kind}, {client}, {random.choice(deposits[client])},\n")
