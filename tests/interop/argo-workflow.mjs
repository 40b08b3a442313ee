// Validates an Argo Workflow (JSON) against the Argo Workflows JSON schema, as compiled into the validators of
// @kubernetes-models/argo-workflows (generated from the schema Argo Workflows publishes).
// Usage: node argo-workflow.mjs WORKFLOW.json
// Prints {"errors": ["/spec/templates/0/...: must be ..."]} on stdout; empty when the workflow is valid.
import { readFileSync } from "node:fs";
import { Workflow } from "@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Workflow";

const workflow = JSON.parse(readFileSync(process.argv[2], "utf8"));
const errors = [];
if (workflow.apiVersion !== Workflow.apiVersion || workflow.kind !== Workflow.kind) {
  errors.push(`apiVersion/kind must be ${Workflow.apiVersion}/${Workflow.kind}, got ${workflow.apiVersion}/${workflow.kind}`);
}
try {
  new Workflow(workflow).validate();
} catch (e) {
  for (const err of e.errors ?? [{ instancePath: "", message: e.message }]) {
    errors.push(`${err.instancePath || "/"}: ${err.message}`);
  }
}
console.log(JSON.stringify({ errors }));
