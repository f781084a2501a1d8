"""Prints the stock report for inventory.yaml and what to reorder."""

from pathlib import Path

import yaml
from tabulate import tabulate

INVENTORY = Path(__file__).with_name("inventory.yaml")


def main() -> None:
    data = yaml.safe_load(INVENTORY.read_text())
    rows = []
    reorder = []
    for item in data["items"]:
        low = item["stock"] < item["min"]
        flag = "REORDER" if low else ""
        rows.append([item["sku"], item["name"], item["stock"], item["min"], flag])
        if low:
            reorder.append(item["sku"])
    print(f"Stock report: {data['warehouse']}")
    print(tabulate(rows, headers=["sku", "name", "stock", "min", ""], tablefmt="github"))
    print(f"reorder: {', '.join(reorder) or 'nothing'}")


if __name__ == "__main__":
    main()
