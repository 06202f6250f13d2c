"""Serves artifacts/model/model.json: GET /healthz, POST /predict {"sepal_length":…, …} → {"species": …}. Standard library only."""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = json.load(open(os.environ.get("MODEL_PATH", "/models/model.json"), encoding="utf-8"))


class Handler(BaseHTTPRequestHandler):
    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._answer(200, {"status": "ok"}) if self.path == "/healthz" else self._answer(404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/predict":
            return self._answer(404, {"error": "not found"})
        try:
            sample = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            features = [float(sample[name]) for name in MODEL["features"]]
        except (ValueError, KeyError, TypeError) as error:
            return self._answer(400, {"error": f"expected a JSON object with {', '.join(MODEL['features'])}: {error}"})
        centroids = MODEL["centroids"]
        species = min(centroids, key=lambda s: sum((a - b) ** 2 for a, b in zip(features, centroids[s])))
        self._answer(200, {"species": species})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
