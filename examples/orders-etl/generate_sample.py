#!/usr/bin/env python3
"""Generates the small, deliberately dirty sample of the orders ETL (sample/orders.csv, sample/customers.csv) and
its expected output (sample/expected/agg.csv, sample/expected/summary.json) with an independent, row-by-row stdlib
reading of shared/bench/WORKLOAD.md. Run once from this folder: /usr/bin/python3 generate_sample.py

The data has the shape of gen_orders.py but many more dirty cases: duplicate ids (some whose first occurrence is
rejected), empty ids and amounts, invalid timestamps (unpadded, leap-day, zone suffix, 24:00...), messy categories,
negative and huge amounts, quoted notes with commas and quotes, customers missing from customers.csv."""
import calendar
import csv
import io
import json
import os
import random
import re

ROWS = 600
CATEGORIES = ["electronics", "books", "clothing", "home", "garden", "toys"]
SEGMENTS = ["consumer", "smb", "enterprise"]
BAD_TS = ["not-a-date", "N/A", "", "2026-02-30T12:00:00", "2026-13-01T08:00:00", "2026-01-15T25:00:00",
          "2026/01/15 10:00:00", "15.01.2026", "2026-1-05T10:00:00", "2026-01-05 10:00:00", "2026-01-05T10:00:00Z",
          "2026-01-05T10:00:60", " 2026-01-05T10:00:00", "2025-02-29T00:00:00"]
NOTES = ["", "gift", 'gift wrap, "fragile"', 'said "asap", twice', "NA", "null"]


def cents(c):
    return f"{'-' if c < 0 else ''}{abs(c) // 100}.{abs(c) % 100:02d}"


def generate(rng):
    customers = ["customer_id,segment,signup_date"]
    for c in range(1, 41):
        if c % 13 == 0:
            continue  # missing customers: their orders are dropped by the inner join
        customers.append(f"{c},{rng.choice(SEGMENTS)},2024-0{1 + rng.randrange(9)}-1{rng.randrange(10)}")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["order_id", "ts", "customer_id", "category", "country", "amount", "quantity", "note"])
    next_id = 5_000_000_000
    for _ in range(ROWS):
        u = rng.random()
        if u < 0.04:
            oid = ""
        elif u < 0.25 and next_id > 5_000_000_000:
            oid = str(5_000_000_000 + rng.randrange(next_id - 5_000_000_000))
        else:
            oid = str(next_id)
            next_id += 1
        if rng.random() < 0.08:
            ts = rng.choice(BAD_TS)
        elif rng.random() < 0.01:
            ts = "2024-02-29T00:00:00"
        else:
            s = rng.randrange(7 * 86400)  # one week: several rows per group
            ts = f"2026-01-{1 + s // 86400:02d}T{s % 86400 // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
        cat = rng.choice(CATEGORIES)
        if rng.random() < 0.1:
            cat = " " * rng.randrange(3) + "".join(ch.upper() if rng.random() < 0.5 else ch for ch in cat) + " " * (1 + rng.randrange(2))
        a = rng.random()
        amount = "" if a < 0.06 else cents(-rng.randrange(1, 50_000)) if a < 0.09 else cents(rng.randrange(1_000_000, 9_999_999)) if a < 0.1 else "0.00" if a < 0.11 else cents(rng.randrange(100, 50_000))
        w.writerow([oid, ts, 1 + rng.randrange(40), cat, "US", amount, 1 + rng.randrange(20), rng.choice(NOTES)])
    return "\n".join(customers) + "\n", out.getvalue()


TS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")


def valid_ts(s):
    if not TS.fullmatch(s):
        return False
    y, m, d, hh, mm, ss = int(s[0:4]), int(s[5:7]), int(s[8:10]), int(s[11:13]), int(s[14:16]), int(s[17:19])
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1] and hh <= 23 and mm <= 59 and ss <= 59


def reference(customers_csv, orders_csv):
    rows = list(csv.reader(io.StringIO(orders_csv)))[1:]
    survivors = []
    for f in rows:
        if f[0] == "" or not valid_ts(f[1]) or f[5].startswith("-"):
            continue
        amount = None if f[5] == "" else int(f[5].replace(".", ""))
        survivors.append((int(f[0]), f[1][:10], int(f[2]), f[3].strip(" ").lower(), amount, int(f[6])))
    present = sorted(r[4] for r in survivors if r[4] is not None)
    n = len(present)
    median = (present[(n - 1) // 2] + present[n // 2] + 1) // 2
    segments = {int(f[0]): f[1] for f in list(csv.reader(io.StringIO(customers_csv)))[1:]}
    seen, clean = set(), []
    for oid, date, cust, cat, amount, qty in survivors:
        if oid in seen:
            continue
        seen.add(oid)
        if cust not in segments:
            continue
        a = median if amount is None else amount
        clean.append((date, cat, segments[cust], a, qty, a * qty))
    stats = {}
    for c in clean:
        s = stats.setdefault(c[1], [0, 0, 0])
        s[0] += 1
        s[1] += c[5]
        s[2] += c[5] * c[5]
    groups = {}
    for c in clean:
        n_, s_, q_ = stats[c[1]]
        anomaly = (n_ * c[5] - s_) ** 2 > 9 * (n_ * q_ - s_ * s_)
        g = groups.setdefault((c[0], c[1], c[2]), [0, 0, 0, 0, 0])
        g[0] += 1
        g[1] += c[5]
        g[2] += c[3]
        g[3] = max(g[3], c[4])
        g[4] += anomaly
    lines = ["order_date,category,segment,rows,revenue_sum,amount_avg,qty_max,anomalies"]
    for key in sorted(groups, key=lambda k: tuple(x.encode() for x in k)):
        r, rev, a, q, an = groups[key]
        avg = (2 * a + r) // (2 * r)
        lines.append(f"{key[0]},{key[1]},{key[2]},{r},{rev // 100}.{rev % 100:02d},{avg // 100}.{avg % 100:02d},{q},{an}")
    summary = {"rows_in": len(rows), "rows_rejected": len(rows) - len(survivors), "rows_out_clean": len(clean),
               "groups": len(groups), "anomalies": sum(g[4] for g in groups.values())}
    return "\n".join(lines) + "\n", json.dumps(summary, separators=(",", ":"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    customers, orders = generate(random.Random(2026))
    agg, summary = reference(customers, orders)
    os.makedirs(os.path.join(here, "sample", "expected"), exist_ok=True)
    for name, text in [("customers.csv", customers), ("orders.csv", orders), ("expected/agg.csv", agg), ("expected/summary.json", summary + "\n")]:
        with open(os.path.join(here, "sample", name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    print(summary)


if __name__ == "__main__":
    main()
