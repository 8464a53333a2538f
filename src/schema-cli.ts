/** Writes monitors.schema.json (for editors) from the zod schema: `npm run schema`. */
import { writeFileSync } from 'node:fs';
import { monitorsFileJsonSchema } from './config/json-schema.js';

const target = process.argv[2] ?? 'monitors.schema.json';
writeFileSync(target, `${JSON.stringify(monitorsFileJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
