"""Trains a scikit-learn pipeline (standard scaler + logistic regression) on ml/data/iris.csv with ml/params.yaml and
persists it with joblib: artifacts/model/model.joblib, artifacts/metrics.json, artifacts/predictions.csv.

Run from the repository root (Pipeline runs every command there); paths are relative to it.
"""
import csv
import json
import os

import joblib
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
HERE = os.path.dirname(os.path.abspath(__file__))


def read_params(path):
    """The `train:` section of params.yaml (flat key: value lines)."""
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


def replace_atomically(path, write):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + ".tmp"
    write(temporary)
    os.replace(temporary, path)


def main():
    params = read_params(os.path.join(HERE, "params.yaml"))
    with open(os.path.join(HERE, "data", "iris.csv"), encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    features = [[float(row[name]) for name in FEATURES] for row in rows]
    labels = [row["species"] for row in rows]
    train_x, test_x, train_y, test_y = train_test_split(
        features, labels, test_size=params.get("test_fraction", 0.3), random_state=params.get("seed", 42), stratify=labels)

    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=params.get("max_iterations", 200), C=params.get("c", 1.0)))
    model.fit(train_x, train_y)
    predicted = model.predict(test_x)
    classes = [str(name) for name in model.classes_]
    metrics = {
        "accuracy": round(float(accuracy_score(test_y, predicted)), 4),
        "macroF1": round(float(f1_score(test_y, predicted, average="macro")), 4),
        "testRows": len(test_y),
        "confusionMatrix": {"labels": classes, "counts": confusion_matrix(test_y, predicted, labels=classes).tolist()},
    }

    replace_atomically("artifacts/model/model.joblib", lambda path: joblib.dump({"features": FEATURES, "pipeline": model}, path))
    replace_atomically("artifacts/metrics.json", lambda path: open(path, "w", encoding="utf-8").write(json.dumps(metrics, indent=2) + "\n"))
    with_predictions = "actual,predicted\n" + "".join(f"{actual},{guess}\n" for actual, guess in zip(test_y, predicted))
    replace_atomically("artifacts/predictions.csv", lambda path: open(path, "w", encoding="utf-8").write(with_predictions))
    print(f"accuracy {metrics['accuracy']}, macro F1 {metrics['macroF1']} on {len(test_y)} rows")


if __name__ == "__main__":
    main()
