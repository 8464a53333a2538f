/** JSON Schema of monitors.yaml and of an API monitor body, generated from the one zod schema. */
import { z } from 'zod';
import { fileInput, monitorInput } from './schema.js';

export function monitorsFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(fileInput, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://lookout.dev/schema/monitors.schema.json',
    title: 'Lookout monitors.yaml',
    description: 'Monitors (and their defaults) declared as code. Strings may use ${ENV_VAR} and ${ENV_VAR:-fallback}.',
  };
}

export function monitorInputJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(monitorInput, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return schema;
}
