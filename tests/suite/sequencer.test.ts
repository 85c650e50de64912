// The test order (tests/support/sequencer.ts): the files it starts first exist, so a renamed or
// removed slow file cannot silently fall back to vitest's order.

import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { SLOWEST } from '../support/sequencer.js';

describe('the slowest-first test order', () => {
  it('when it names a file to start first then that file exists, once', () => {
    expect(SLOWEST.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
    expect(new Set(SLOWEST).size).toBe(SLOWEST.length);
  });
});
