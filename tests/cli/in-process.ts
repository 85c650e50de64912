// Runs the riskchain program in this process, as commander's own tests do: no child process,
// output captured in strings, the exit code returned instead of set on the process.

import { runProgram } from '../../src/cli/program.js';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** `args` are the words after `riskchain`; relative paths resolve from the project root (vitest's cwd). */
export async function cli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await runProgram(args, {
    stdout: {
      write: (s: string) => {
        stdout += s;
        return true;
      },
    },
    stderr: {
      write: (s: string) => {
        stderr += s;
        return true;
      },
    },
  });
  return { status, stdout, stderr };
}
