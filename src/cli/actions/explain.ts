// The action of `riskchain explain` (its flags are in commands/explain.ts).
// `riskchain explain`: the chain for a reader (text), or its DAG as Mermaid or Graphviz DOT.

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { configComments, type ConfigComments } from '../../config/comments.js';
import { loadModel } from '../../model/index.js';
import { explainText } from '../../output/explain.js';
import { diagram } from '../../output/diagram.js';
import { defaultConfig } from '../defaults.js';
import type { Terminal } from '../terminal.js';
import type { ExplainCommand } from '../commands/explain.js';
import type { ActionArgs } from '../lazy.js';

export async function explainAction(terminal: Terminal, ...[config, opts]: ActionArgs<ExplainCommand>): Promise<void> {
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
}

/** Reasons from the config's comments; an overridden node's comment no longer describes it. */
function reasons(file: string, set: Record<string, unknown> | undefined): ConfigComments {
  if (extname(file).toLowerCase() === '.json') return { nodes: new Map(), overrides: new Map() };
  const comments = configComments(readFileSync(file, 'utf8'));
  for (const path of Object.keys(set ?? {})) comments.nodes.delete(path.split('.')[1] ?? '');
  return comments;
}
