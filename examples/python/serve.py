"""Serves artifacts/model/model.json (a logistic regression's coefficients): GET /healthz, POST /predict
{"sepal_length": …, …} → {"species": …, "probabilities": {…}}. Standard library only."""
import json
import math
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = json.load(open(os.environ.get("MODEL_PATH", "/models/model.json"), encoding="utf-8"))


def predict(features):
    scores = [sum(w * x for w, x in zip(weights, features)) + bias for weights, bias in zip(MODEL["coef"], MODEL["intercept"])]
    top = max(scores)
    exponentials = [math.exp(score - top) for score in scores]
    total = sum(exponentials)
    probabilities = {name: round(value / total, 4) for name, value in zip(MODEL["classes"], exponentials)}
    return max(probabilities, key=probabilities.get), probabilities


class Handler(BaseHTTPRequestHandler):
    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/healthz":
            self._answer(200, {"status": "ok"})
        else:
            self._answer(404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/predict":
            return self._answer(404, {"error": "not found"})
        try:
            sample = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            features = [float(sample[name]) for name in MODEL["features"]]
        except (ValueError, KeyError, TypeError) as error:
            return self._answer(400, {"error": f"expected a JSON object with {', '.join(MODEL['features'])}: {error}"})
        species, probabilities = predict(features)
        self._answer(200, {"species": species, "probabilities": probabilities})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
