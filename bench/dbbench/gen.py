#!/usr/bin/env python3
"""Writes the db-benchmark "groupby" data set G1_<N>_<K>_0_0.csv the way its generator does (groupby-datagen.R):
id1, id2: "id%03d" of 1..K; id3: "id%010d" of 1..N/K; id4, id5: ints 1..K; id6: ints 1..N/K; v1: 1..5; v2: 1..15;
v3: uniform on [0, 100) rounded to 6 decimals. No nulls (na=0), unsorted (sort=0). Our own implementation with numpy.

usage: /usr/bin/python3 bench/dbbench/gen.py --rows 10000000 --k 100 --out DIR [--seed 108]
"""
import argparse
import os

import numpy as np
import pandas as pd

p = argparse.ArgumentParser()
p.add_argument("--rows", type=float, default=1e7)
p.add_argument("--k", type=int, default=100)
p.add_argument("--out", required=True)
p.add_argument("--seed", type=int, default=108)
a = p.parse_args()
n, k = int(a.rows), a.k
rng = np.random.default_rng(a.seed)


def ids(count, width):
    labels = np.array([f"id{i:0{width}d}" for i in range(1, count + 1)], dtype=object)
    return labels[rng.integers(0, count, n)]


df = pd.DataFrame({
    "id1": ids(k, 3),
    "id2": ids(k, 3),
    "id3": ids(max(n // k, 1), 10),
    "id4": rng.integers(1, k + 1, n),
    "id5": rng.integers(1, k + 1, n),
    "id6": rng.integers(1, max(n // k, 1) + 1, n),
    "v1": rng.integers(1, 6, n),
    "v2": rng.integers(1, 16, n),
    "v3": np.round(rng.uniform(0, 100, n), 6),
})
os.makedirs(a.out, exist_ok=True)
path = os.path.join(a.out, f"G1_{n:.0e}_{k:.0e}_0_0.csv".replace("+0", "").replace("+", ""))
df.to_csv(path, index=False, float_format="%.6f")
print(path)
