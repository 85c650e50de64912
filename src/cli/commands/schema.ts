// `riskchain schema`: prints the config's JSON Schema, the same text as the shipped
// schema/riskchain.schema.json (generated from the zod schemas; a test keeps the two equal),
// for editors and validators that want it without the package's files.

import type { Command } from 'commander';
import { configJsonSchemaText } from '../../model/json-schema.js';
import { handle } from '../exit.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of config files (for editor completion and checking)')
    .action(() =>
      handle(async () => {
        process.stdout.write(configJsonSchemaText());
      }),
    );
}
