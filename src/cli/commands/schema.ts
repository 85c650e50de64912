// `riskchain schema`: prints the config's JSON Schema, the same text as the shipped
// schema/riskchain.schema.json (generated from the zod schemas; a test keeps the two equal),
// for editors and validators that want it without the package's files.

import type { Command } from '@commander-js/extra-typings';
import { configJsonSchemaText } from '../../model/json-schema.js';
import type { Terminal } from '../terminal.js';

export function registerSchema(program: Command, terminal: Terminal): void {
  program
    .command('schema')
    .description('print the JSON Schema of config files (for editor completion and checking)')
    .action(() => {
      terminal.stdout.write(configJsonSchemaText());
    });
}
