// Schema check of the manifests, offline once installed:
//   npm install --prefix /tmp/k8s-validate kubernetes-models yaml
//   NODE_PATH=/tmp/k8s-validate/node_modules node deploy/kubernetes/validate.mjs
// Each document is validated against the Kubernetes OpenAPI schema of its apiVersion/kind (kubernetes-models).
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(join(process.env.NODE_PATH ?? ".", "noop.js"));
const { parseAllDocuments } = require("yaml");
const models = {
  "v1/ConfigMap": () => require("kubernetes-models/v1/ConfigMap").ConfigMap,
  "v1/Secret": () => require("kubernetes-models/v1/Secret").Secret,
  "v1/Service": () => require("kubernetes-models/v1/Service").Service,
  "apps/v1/Deployment": () => require("kubernetes-models/apps/v1/Deployment").Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": () =>
    require("kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler").HorizontalPodAutoscaler,
};

const folder = dirname(fileURLToPath(import.meta.url));
let failures = 0;
for (const file of readdirSync(folder).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")) {
  for (const doc of parseAllDocuments(readFileSync(join(folder, file), "utf8"))) {
    const object = doc.toJSON();
    const key = `${object.apiVersion}/${object.kind}`;
    try {
      if (!models[key]) throw new Error(`no schema for ${key}`);
      new (models[key]())(object).validate();
      console.log(`ok   ${file} ${key}`);
    } catch (e) {
      failures++;
      console.log(`FAIL ${file} ${key}: ${e.message}`);
    }
  }
}
process.exit(failures ? 1 : 0);
