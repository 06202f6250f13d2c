"""Trains a nearest-centroid iris classifier: data/iris.csv and params.yaml in, artifacts/model/ and artifacts/metrics.json out.

The contract Pipeline relies on (see the README's "Contracts"): the model is a directory, metrics a flat or nested
JSON object of numbers. Standard library only, so that it runs on any python3; swap in scikit-learn freely.
"""
import csv
import json
import os
import random


def read_params(path):
    """The `train:` section of params.yaml (flat key: value lines; a YAML library reads the full syntax)."""
    params, section = {}, None
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            text = line.split("#", 1)[0].rstrip()
            if not text:
                continue
            if not text.startswith(" "):
                section = text.rstrip(":")
            elif section == "train":
                key, value = (part.strip() for part in text.split(":", 1))
                params[key] = float(value) if "." in value else int(value)
    return params


def write_atomically(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


def main():
    params = read_params("params.yaml")
    with open("data/iris.csv", encoding="utf-8") as file:
        rows = [([float(value) for value in row[:4]], row[4]) for row in csv.reader(file) if row and row[0][0].isdigit()]
    random.Random(params.get("seed", 42)).shuffle(rows)
    split = int(len(rows) * (1 - params.get("test_fraction", 0.3)))
    train, test = rows[:split], rows[split:]

    centroids = {}
    for species in sorted({label for _, label in train}):
        members = [features for features, label in train if label == species]
        centroids[species] = [sum(column) / len(members) for column in zip(*members)]

    def predict(features):
        return min(centroids, key=lambda s: sum((a - b) ** 2 for a, b in zip(features, centroids[s])))

    correct = sum(predict(features) == label for features, label in test)
    write_atomically("artifacts/model/model.json", json.dumps({"features": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "centroids": centroids}, indent=2) + "\n")
    write_atomically("artifacts/metrics.json", json.dumps({"accuracy": round(correct / len(test), 4), "test_rows": len(test)}, indent=2) + "\n")
    print(f"accuracy {correct / len(test):.4f} on {len(test)} test rows; wrote artifacts/model/model.json")


if __name__ == "__main__":
    main()
