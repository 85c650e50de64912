// Before each test file (setupFiles): pools that name no worker run the trial worker compiled
// once for this vitest run (tests/support/global-setup.ts says why); the fault worker and the
// fault CLI (faultyCli in tests/reliability/support.ts) are the compiled ones too, named in the
// environment so that a fault CLI launched by a test inherits the fault worker's name.
// Files share a worker process (`isolate: false` in vitest.config.ts), so the files an earlier
// file's runs read are forgotten here: a fresh process starts with none, and a new file at a
// reused inode of a deleted input must not read as that input.

import { inject } from 'vitest';
import { setDefaultWorker } from '../../src/engine/pool.js';
import { forgetInputs } from '../../src/io/inputs.js';

forgetInputs();

const trial = inject('trialWorkerJs');
if (trial) setDefaultWorker({ filename: trial });
const fault = inject('faultWorkerJs');
if (fault) process.env.RISKCHAIN_TEST_FAULT_WORKER = fault;
const faultCli = inject('faultCliJs');
if (faultCli) process.env.RISKCHAIN_TEST_FAULT_CLI = faultCli;
