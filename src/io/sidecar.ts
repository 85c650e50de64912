// The sidecar JSON next to every output file: how to reproduce it and how long it took.
// Kept out of the CSV so the CSV stays byte-identical across worker counts and machines.

export interface Provenance {
  tool: 'riskchain';
  version: string;
  command: string;
  config: string;
  modelHash: string;
  seed: string;
  /** Version of the draws (random/stream.ts's STREAM_VERSION). */
  stream?: number;
  /** Version of the copula's tables (random/copula.ts's COPULA_VERSION): correlated values. */
  copula?: number;
  trials: number;
  scenarios?: string[];
  createdAt: string;
  node: string;
  run?: Record<string, unknown>;
  [extra: string]: unknown;
}

export function sidecarPath(file: string): string {
  return `${file}.meta.json`;
}

export function provenanceJson(p: Provenance): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}
