// Makes the compiled CLI executable (tsc does not keep the mode bit).
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/src/cli/main.js', import.meta.url), 0o755);
