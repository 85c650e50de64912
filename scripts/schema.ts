// Writes schema/riskchain.schema.json from the zod schemas (src/model/json-schema.ts):
// `npm run schema` after changing the config's shape or a family. tests/model/json-schema.test.ts
// fails while the file and the generator disagree.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from '../src/model/json-schema.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'riskchain.schema.json');
writeFileSync(out, configJsonSchemaText());
process.stdout.write(`wrote ${out}\n`);
