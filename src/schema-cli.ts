/**
 * `npm run schema`: writes monitors.schema.json (for editors) and docs/monitors-reference.md,
 * both generated from the one schema.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { monitorsFileJsonSchema } from './config/json-schema.js';
import { monitorsReference } from './config/reference.js';

mkdirSync('docs', { recursive: true });
writeFileSync('monitors.schema.json', `${JSON.stringify(monitorsFileJsonSchema(), null, 2)}\n`);
writeFileSync('docs/monitors-reference.md', monitorsReference());
process.stdout.write('wrote monitors.schema.json and docs/monitors-reference.md\n');
