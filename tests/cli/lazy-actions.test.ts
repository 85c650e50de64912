// The built CLI loads a command's action only when that command runs: what main.js imports
// statically (before commander has parsed anything) holds commander, the flag declarations and
// the few modules they need, and none of the engine, the model's schemas, the config reader or
// the output writers, nor yaml (a --set is read as YAML just before its action runs) (io/cleanup.ts is there: the signal handlers undo a run's files). esbuild keeps a `// path` comment above each module it bundles, which
// names what every chunk holds.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../helpers.js';

const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** main.js and every chunk it reaches through static imports. */
function staticClosure(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const m of text.matchAll(/^(?:import|export)\b[^;'"]*?(?:from\s*)?["'](\.[^"']+)["']/gm)) visit(join(dirname(file), m[1]));
  };
  visit(entry);
  return seen;
}

/** The modules a bundle says it holds, e.g. `src/cli/options.ts`, `node_modules/zod/...`. */
const modulesOf = (text: string) => [...text.matchAll(/^\/\/ ((?:src|node_modules|workers)\/\S+)$/gm)].map((m) => m[1]);

describe('the built CLI', () => {
  const closure = staticClosure(MAIN);
  const loaded = [...closure.values()].flatMap(modulesOf);

  it('when it starts then the flag declarations are loaded and no action, engine, schema, config reader or writer is', () => {
    expect(loaded).toContain('src/cli/commands/run.ts');
    expect(loaded).toContain('src/cli/options.ts');
    const heavy = loaded.filter((m) =>
      /^(src\/(cli\/actions|engine|kernel|model|config|output|run|distributions)\/|io\/(?!cleanup\.ts)|node_modules\/(zod|yaml|csv-parse|csv-stringify|jstat|simple-statistics|jsep)\/)/.test(
        m,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it("when run's action loads then what a repeated run reads from the start-up cache needs no parser, schema, model builder, prover or code generator", () => {
    const main = closure.get(MAIN)!;
    const chunk = /import\("\.\/(bundle-run-[A-Z0-9]+\.js)"\)/.exec(main)?.[1];
    expect(chunk).toBeDefined();
    const action = [...staticClosure(join(dirname(MAIN), chunk!)).values()].flatMap(modulesOf);
    expect(action).toContain('src/cli/actions/run.ts');
    expect(action).toContain('src/model/recall.ts');
    const heavy = action.filter((m) =>
      /^(node_modules\/(zod|yaml|jsep|jstat)\/|src\/kernel\/(codegen|kernel\.ts)|src\/model\/(schema|build|variants|correlations|expr\/parse)\.ts|src\/model\/prove\/(in-range|formula)\.ts|src\/config\/read\.ts|src\/distributions\/registry\.ts)/.test(
        m,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it('when a command runs then its action is a chunk of its own, imported on demand', () => {
    const main = closure.get(MAIN)!;
    const actions = [...main.matchAll(/import\("\.\/(bundle-[a-z-]+)-[A-Z0-9]+\.js"\)/g)].map((m) => m[1]);
    expect(actions).toEqual(expect.arrayContaining(['bundle-run', 'bundle-validate', 'bundle-explain', 'bundle-sweep', 'bundle-schema']));
  });
});
