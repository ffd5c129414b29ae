// The findings message's JSON Schema (shared/findings-message.schema.json), compiled once for tests.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const schema = JSON.parse(readFileSync(new URL('../shared/findings-message.schema.json', import.meta.url), 'utf8'));

/** The schema's complaints about a message, none when it conforms. */
export function schemaErrors(message: unknown): string[] {
  const validate = ajv.getSchema(schema.$id) ?? ajv.compile(schema);
  return validate(message) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
