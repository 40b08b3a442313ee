#!/usr/bin/env python3
"""Reference run of scikit-learn's IsolationForest for Sluice's agreement test.

Usage:
    sklearn_compare.py INPUT.csv [--contamination 0.01] [--seed 0] [--n-estimators 100]

INPUT.csv has a header row and one numeric column per feature (no index column).
The script fits sklearn.ensemble.IsolationForest on every row, predicts the same rows,
and prints one JSON object on stdout:

    {"sklearn": "1.2.1", "n_rows": 2000, "offset": -0.61..., "flagged": [3, 17, ...], "scores": [...]}

"flagged" lists the 0-based row indices predicted -1 (anomaly); "scores" is score_samples
of every row (same sign convention as Sluice's IsolationForest.ScoreSamples).

The Sluice test IsolationForestSklearnAgreementTests writes its data set to a temp CSV,
runs this script, fits Sluice's IsolationForest with the same parameters, and asserts
that the flagged sets overlap (see README.md). Exit code 2 means scikit-learn is missing.
"""

import argparse
import csv
import json
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("--contamination", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-estimators", type=int, default=100)
    args = parser.parse_args()

    try:
        import numpy as np
        import sklearn
        from sklearn.ensemble import IsolationForest
    except ImportError as error:
        print(f"scikit-learn is not available: {error}", file=sys.stderr)
        return 2

    with open(args.input, newline="") as handle:
        reader = csv.reader(handle)
        next(reader)  # header
        rows = [[float(cell) for cell in row] for row in reader if row]
    data = np.asarray(rows, dtype=float)

    forest = IsolationForest(
        n_estimators=args.n_estimators,
        contamination=args.contamination,
        random_state=args.seed,
    ).fit(data)
    labels = forest.predict(data)
    flagged = [int(i) for i in np.flatnonzero(labels == -1)]
    scores = [float(s) for s in forest.score_samples(data)]
    json.dump(
        {"sklearn": sklearn.__version__, "n_rows": int(data.shape[0]), "offset": float(forest.offset_), "flagged": flagged, "scores": scores},
        sys.stdout,
    )
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
