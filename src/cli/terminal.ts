// Where a command's text goes: the process's own streams, or a test's buffers when the program
// runs in-process. Commands write only through this, never to process.stdout directly.

export interface Terminal {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

export function processTerminal(): Terminal {
  return { stdout: process.stdout, stderr: process.stderr };
}
