// Human-readable text for distributions, shared by validate and explain. Each family writes
// its own (describe in src/distributions/<family>.ts); this is the name the output layer uses.

export { describeDistribution } from '../distributions/registry.js';
