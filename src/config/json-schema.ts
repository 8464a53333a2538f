/** JSON Schema of monitors.yaml and of an API monitor body, generated from the one schema. */
import { jsonSchemaDocument } from './kit.js';
import { fileInput, monitorInput } from './schema.js';

export function monitorsFileJsonSchema(): Record<string, unknown> {
  return {
    ...jsonSchemaDocument(fileInput),
    $id: 'https://lookout.dev/schema/monitors.schema.json',
    title: 'Lookout monitors.yaml',
    description: 'Monitors (and their defaults) declared as code. Strings may use ${ENV_VAR} and ${ENV_VAR:-fallback}.',
  };
}

export function monitorInputJsonSchema(): Record<string, unknown> {
  return monitorInput.toJsonSchema();
}
