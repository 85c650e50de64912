// Test-only: the whole CLI, from source, with every pool running the fault worker.
//
//   node --import tsx tests/support/fault-cli.ts SPEC riskchain-args...
//
// SPEC is a fault spec (tests/support/faults.ts). The CLI itself has no way to ask for faults;
// this launcher sets the default worker of its own process before the CLI starts.

import { setDefaultWorker } from '../../src/engine/pool.js';
import { faultWorker } from './faults.js';

const [spec] = process.argv.splice(2, 1);
if (spec === undefined) throw new Error('usage: fault-cli.ts SPEC riskchain-args...');
setDefaultWorker(faultWorker(spec));
await import('../../src/cli/main.js');
