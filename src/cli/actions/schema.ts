// The action of `riskchain schema` (its flags are in commands/schema.ts).
// `riskchain schema`: prints the config's JSON Schema, the same text as the shipped
// schema/riskchain.schema.json (generated from the zod schemas; a test keeps the two equal),
// for editors and validators that want it without the package's files.

import { configJsonSchemaText } from '../../model/json-schema.js';
import type { Terminal } from '../terminal.js';

export function schemaAction(terminal: Terminal): void {
  terminal.stdout.write(configJsonSchemaText());
}
