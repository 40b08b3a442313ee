// Validates OpenLineage events against the official JSON Schemas vendored in ./openlineage (see its README).
// Usage: node openlineage.mjs EVENTS.jsonl
// Prints {"events": n, "errors": ["event 3: ..."]} on stdout. Every facet must have a known schema: an event whose
// facet the schemas do not describe is an error, so nothing passes unchecked.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = join(dirname(fileURLToPath(import.meta.url)), "openlineage");
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const core = JSON.parse(readFileSync(join(here, "OpenLineage.json"), "utf8"));
ajv.addSchema(core);
const facetSchemas = new Map(); // facet key -> schema $id
for (const file of readdirSync(join(here, "facets")).filter((f) => f.endsWith(".json"))) {
  const schema = JSON.parse(readFileSync(join(here, "facets", file), "utf8"));
  ajv.addSchema(schema);
  for (const key of Object.keys(schema.properties ?? {})) {
    facetSchemas.set(key, schema.$id);
  }
}

const validateEvent = ajv.getSchema(core.$id);
const errors = [];
const lines = readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.trim().length > 0);
lines.forEach((line, i) => {
  const where = `event ${i + 1}`;
  let event;
  try {
    event = JSON.parse(line);
  } catch (e) {
    errors.push(`${where}: not JSON: ${e.message}`);
    return;
  }
  if (!validateEvent(event)) {
    errors.push(`${where} (${event.eventType} ${event.job?.name}): ${ajv.errorsText(validateEvent.errors)}`);
  }
  const facets = (owner, map) => {
    for (const [key, facet] of Object.entries(map ?? {})) {
      const id = facetSchemas.get(key);
      if (!id) {
        errors.push(`${where}: ${owner} facet '${key}' has no schema`);
        continue;
      }
      if (typeof facet._schemaURL !== "string" || !facet._schemaURL.startsWith(id + "#/$defs/")) {
        errors.push(`${where}: ${owner} facet '${key}' names schema ${facet._schemaURL}, expected ${id}#/$defs/...`);
      }
      const validate = ajv.getSchema(id);
      if (!validate({ [key]: facet })) {
        errors.push(`${where}: ${owner} facet '${key}': ${ajv.errorsText(validate.errors)}`);
      }
    }
  };
  facets("run", event.run?.facets);
  facets("job", event.job?.facets);
  for (const d of event.inputs ?? []) {
    facets(`input ${d.name}`, d.facets);
    facets(`input ${d.name}`, d.inputFacets);
  }
  for (const d of event.outputs ?? []) {
    facets(`output ${d.name}`, d.facets);
    facets(`output ${d.name}`, d.outputFacets);
  }
});
process.stdout.write(JSON.stringify({ events: lines.length, errors }));
