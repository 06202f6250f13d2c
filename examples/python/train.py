"""Trains a scikit-learn logistic regression on data/iris.csv with params.yaml; writes artifacts/model/ and artifacts/metrics.json.

The contract Pipeline relies on (the README's "Contracts"): the model is a directory, the metrics a JSON object of
numbers (a confusionMatrix object is plotted by Report). The model is exported as plain coefficients, so serve.py
needs nothing beyond the standard library.
"""
import csv
import json
import os

from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import train_test_split

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


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
        rows = [row for row in csv.DictReader(file)]
    features = [[float(row[name]) for name in FEATURES] for row in rows]
    labels = [row["species"] for row in rows]
    train_x, test_x, train_y, test_y = train_test_split(
        features, labels, test_size=params.get("test_fraction", 0.3), random_state=params.get("seed", 42), stratify=labels)

    model = LogisticRegression(max_iter=params.get("max_iterations", 200), C=params.get("c", 1.0)).fit(train_x, train_y)
    predicted = model.predict(test_x)
    classes = [str(name) for name in model.classes_]
    metrics = {
        "accuracy": round(float(accuracy_score(test_y, predicted)), 4),
        "macroF1": round(float(f1_score(test_y, predicted, average="macro")), 4),
        "testRows": len(test_y),
        "confusionMatrix": {"labels": classes, "counts": confusion_matrix(test_y, predicted, labels=classes).tolist()},
    }
    export = {"features": FEATURES, "classes": classes, "coef": model.coef_.tolist(), "intercept": model.intercept_.tolist()}
    write_atomically("artifacts/model/model.json", json.dumps(export, indent=2) + "\n")
    write_atomically("artifacts/metrics.json", json.dumps(metrics, indent=2) + "\n")
    print(f"accuracy {metrics['accuracy']:.4f}, macro F1 {metrics['macroF1']:.4f} on {len(test_y)} test rows; wrote artifacts/model/model.json")


if __name__ == "__main__":
    main()
