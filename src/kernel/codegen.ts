// The kernel generator lives in codegen/; this path stays so that existing imports (tests,
// and tests/bench tools run against older builds with --engine) keep resolving.

export * from './codegen/index.js';
