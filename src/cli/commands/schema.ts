// `riskchain schema`: prints the config's JSON Schema, the same text as the shipped
// schema/riskchain.schema.json (generated from the zod schemas; a test keeps the two equal),
// for editors and validators that want it without the package's files.
// Its action is in actions/schema.ts, imported when the command runs, so --help, --version and
// the other commands do not load what it needs.

import type { Command } from '@commander-js/extra-typings';
import type { Terminal } from '../terminal.js';

export function registerSchema(program: Command, terminal: Terminal): void {
  program
    .command('schema')
    .description('print the JSON Schema of config files (for editor completion and checking)')
    .action(async () => (await import('../actions/schema.js')).schemaAction(terminal));
}
