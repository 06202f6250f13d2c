// Validates Kubernetes objects against the schemas kubernetes-models generates from the Kubernetes OpenAPI
// documents (npm, pinned in package.json). One JSON object per stdin line; one JSON answer per stdout line:
// {"known":false} for a kind it has no schema for, {"errors":[]} when valid, else the schema violations.
import { createInterface } from "node:readline";

const models = new Map();

async function modelOf(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) {
    try {
      const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
      models.set(key, module[kind] ?? null);
    } catch {
      models.set(key, null);
    }
  }
  return models.get(key);
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  let answer;
  try {
    const object = JSON.parse(line);
    const model = await modelOf(object.apiVersion, object.kind);
    if (!model) {
      answer = { known: false, errors: [] };
    } else {
      try {
        new model(object).validate();
        answer = { known: true, errors: [] };
      } catch (error) {
        const details = (error.errors ?? [{ instancePath: "", message: String(error.message) }]).map((e) => ({
          path: e.instancePath ?? "",
          keyword: e.keyword ?? "",
          message: e.message ?? "",
          params: e.params ?? {},
        }));
        answer = { known: true, errors: details };
      }
    }
  } catch (error) {
    answer = { known: false, errors: [{ path: "", keyword: "parse", message: String(error), params: {} }] };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
