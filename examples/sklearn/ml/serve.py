"""Serves the joblib-persisted scikit-learn pipeline: GET /healthz, POST /predict {"sepal_length": …, …} →
{"species": …, "probabilities": {…}}. Needs scikit-learn and joblib at run time (ContainerSettings.RuntimePackages)."""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import joblib

SAVED = joblib.load(os.environ.get("MODEL_PATH", "/models/model.joblib"))
FEATURES, PIPELINE = SAVED["features"], SAVED["pipeline"]


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
            row = [[float(sample[name]) for name in FEATURES]]
        except (ValueError, KeyError, TypeError) as error:
            return self._answer(400, {"error": f"expected a JSON object with {', '.join(FEATURES)}: {error}"})
        probabilities = {str(name): round(float(p), 4) for name, p in zip(PIPELINE.classes_, PIPELINE.predict_proba(row)[0])}
        self._answer(200, {"species": str(PIPELINE.predict(row)[0]), "probabilities": probabilities})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
