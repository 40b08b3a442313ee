"""Writes the sample data of examples/seed-000 (deterministic: the same files every time).

python3 generate_sample.py   # from this folder
"""
import gzip
import json
import random

REGIONS = ["north", "south", "east", "west"]
PRODUCTS = [("widget", 12.5), ("gadget", 30.0), ("gizmo", 7.25), ("doohickey", 55.0)]
STATUSES = ["paid", "shipped", "delivered"]
COLUMNS = ["order_id", "customer_id", "order_date", "region", "product", "quantity", "unit_price", "amount", "status"]


def orders(month, first_id, count, rng):
    rows = []
    for i in range(count):
        product, price = rng.choice(PRODUCTS)
        quantity = rng.randint(1, 6)
        rows.append({
            "order_id": first_id + i,
            "customer_id": 1000 + rng.randint(0, 59),
            "order_date": f"2024-{month:02d}-{rng.randint(1, 28):02d}",
            "region": rng.choice(REGIONS),
            "product": product,
            "quantity": quantity,
            "unit_price": f"{price:.2f}",
            "amount": f"{price * quantity:.2f}",
            "status": rng.choice(STATUSES),
        })
    return rows


def csv_text(rows):
    lines = [",".join(COLUMNS)]
    lines += [",".join(str(r[c]) for c in COLUMNS) for r in rows]
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(42)
    # January: clean.
    jan = orders(1, 1, 60, rng)
    with open("data/orders_2024_01.csv", "w", encoding="utf-8") as f:
        f.write(csv_text(jan))

    # February: dirty. Padded and upper-case text, a missing amount, an exact duplicate row,
    # a far outlier, and one row that breaks the schema (negative quantity) and is quarantined.
    feb = orders(2, 101, 60, rng)
    feb[3]["region"] = "  North "
    feb[7]["status"] = "PAID"
    feb[10]["amount"] = ""
    feb[15]["quantity"] = -2
    feb[20]["amount"] = "98000.00"
    feb[20]["quantity"] = 6
    feb.append(dict(feb[30]))
    with open("data/orders_2024_02.csv", "w", encoding="utf-8") as f:
        f.write(csv_text(feb))

    # March: gzipped, with a status outside the allowed values (quarantined) and an empty customer id.
    mar = orders(3, 201, 60, rng)
    mar[5]["status"] = "lost"
    mar[12]["customer_id"] = ""
    with gzip.GzipFile("data/orders_2024_03.csv.gz", "wb", mtime=0) as f:
        f.write(csv_text(mar).encode("utf-8"))


if __name__ == "__main__":
    main()
