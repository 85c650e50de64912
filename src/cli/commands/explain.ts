// `riskchain explain`: the chain for a reader (text), or its DAG as Mermaid or Graphviz DOT.

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { UserError } from '../../errors.js';
import { loadModel } from '../../model/index.js';
import { configComments, type ConfigComments } from '../../config/comments.js';
import { explainText } from '../../output/explain.js';
import { diagram } from '../../output/diagram.js';
import { defaultConfig } from '../defaults.js';
import { flags } from '../options.js';
import type { Terminal } from '../terminal.js';

export type ExplainFormat = 'text' | 'mermaid' | 'dot';

export function parseExplainFormat(v: string): ExplainFormat {
  if (v === 'text' || v === 'mermaid' || v === 'dot') return v;
  throw new UserError({
    path: ['--format'],
    code: 'flag.invalid-value',
    message: `'${v}' is not a format`,
    hint: 'use --format text, --format mermaid or --format dot',
  });
}

/** Reasons from the config's comments; an overridden node's comment no longer describes it. */
function reasons(file: string, set: Record<string, unknown> | undefined): ConfigComments {
  if (extname(file).toLowerCase() === '.json') return { nodes: new Map(), overrides: new Map() };
  const comments = configComments(readFileSync(file, 'utf8'));
  for (const path of Object.keys(set ?? {})) comments.nodes.delete(path.split('.')[1] ?? '');
  return comments;
}

export function registerExplain(program: Command, terminal: Terminal): void {
  program
    .command('explain')
    .description('print the chain for a reader, or draw its DAG (--format mermaid|dot)')
    .argument('[config]', 'config file (YAML or JSON); default: the flagship scenario')
    .option('--format <F>', 'text, mermaid or dot', parseExplainFormat, 'text' as ExplainFormat)
    .option('--constants', 'diagrams: also draw constant parameters (tuning numbers)')
    .addOption(flags.set())
    .action((config, opts) => {
      const loaded = loadModel(config ?? defaultConfig(), { set: opts.set });
      const format = opts.format;
      let text: string;
      switch (format) {
        case 'text': {
          const c = reasons(loaded.file, opts.set);
          text = explainText(loaded.model, { reasons: c.nodes, overrideReasons: c.overrides });
          break;
        }
        case 'mermaid':
        case 'dot':
          text = diagram(loaded.model, format, { constants: opts.constants });
          break;
        default: {
          const never: never = format;
          throw new Error(`unknown format ${String(never)}`);
        }
      }
      terminal.stdout.write(text);
    });
}
