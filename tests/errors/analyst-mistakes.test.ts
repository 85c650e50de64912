// Mistakes a new analyst makes when following the README, each answered with the place and a
// fix that points at the mistake itself (found by trying the commands; see notes/polish.md).

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModel } from '../../src/index.js';
import { parseAxis } from '../../src/run/sweep.js';
import { ROOT, userErrorOf } from '../helpers.js';

const EXAMPLE = join(ROOT, 'configs', 'example.yaml');

describe('mistakes of a first session', () => {
  it('when --vary gives FROM:TO without STEPS then the error says STEPS is missing and shows the flag with it', async () => {
    // Read as YAML, `0:1` would be the single string value "0:1", and the run would fail later
    // saying the parameter is not a distribution.
    expect(await userErrorOf(() => parseAxis('parameters.backup_readiness=0:1'))).toBe(
      "--vary: '0:1' has FROM:TO but no STEPS. Fix: add the number of grid points, ends included, e.g. --vary parameters.backup_readiness=0:1:11.",
    );
  });

  it('when a value list holds a colon that is not a range then it stays a list of values', () => {
    expect(parseAxis('parameters.x.when=a:b').values).toEqual(['a:b']);
  });

  it('when an override names a node that is nowhere near an existing one then the hint lists the paths of that section and field first', async () => {
    const msg = await userErrorOf(() => loadModel(EXAMPLE, { set: { 'events.nope.p': 0.1 } }));
    expect(msg).toMatch(
      /there is no node 'nope' in events\. Fix: use one of 'events\.supplier_fails\.p', 'events\.backup_available\.p', 'events\.demand_spike\.p', 'events\.supplier_fails'/,
    );
  });

  it('when neither the section nor the field is known then the paths are listed in the order of the config', async () => {
    const msg = await userErrorOf(() => loadModel(EXAMPLE, { set: { 'evnts_x.nope': 0.1 } }));
    expect(msg).toMatch(/Fix: use one of 'parameters\.supplier_failure_rate'/);
  });
});
