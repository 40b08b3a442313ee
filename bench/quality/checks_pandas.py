"""The checks of checks_bench.cs in pandas (whole file in memory, as pandas users do). Usage: checks_pandas.py orders.csv"""
import resource
import sys
import time

import pandas as pd

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench-data-10m/orders.csv"
allowed = {"electronics", "books", "home", "garden", "beauty", "toys", "sports", "grocery"}
start = time.perf_counter()
df = pd.read_csv(path)
results = {
    "row_count": len(df),
    "missing_count(customer_id)": int(df["customer_id"].isna().sum()),
    "missing_percent(amount)": 100.0 * df["amount"].isna().sum() / len(df) if len(df) else 0.0,
    "duplicate_count(order_id)": int(df["order_id"].notna().sum() - df["order_id"].nunique()),
    "invalid_count(category)": int((~df["category"].dropna().isin(allowed)).sum()),
    "avg(amount)": float(df["amount"].mean()),
    "min(quantity)": float(df["quantity"].min()),
}
elapsed = time.perf_counter() - start
for k, v in results.items():
    print(f"{k:<60} {v}")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"pandas: rows={len(df)} seconds={elapsed:.2f} peak_rss_mb={peak:.0f}")
