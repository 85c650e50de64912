// The error a kernel that fails to compile or run throws, apart from the kernel and its code
// generator: the main thread's dispatcher and error reporting ask whether an error is one, and
// should not load the generator (and the distributions it inlines) to ask.

const KERNEL_ERROR = 'riskchain kernel error (deterministic)';

/**
 * The generated code failed to compile or threw while running (a generator bug, or a limit of
 * V8's such as its stack). It is deterministic: the same plan fails the same way on every try,
 * so the driver does not retry it. Only an error's message, stack and cause cross from a
 * worker to the main thread, so the mark travels in its cause (see isKernelError).
 */
export class KernelError extends Error {
  constructor(what: string, err: unknown) {
    const detail = err instanceof Error ? err.message : String(err);
    super(`${what}: ${detail}`, { cause: { mark: KERNEL_ERROR, detail } });
    this.name = 'KernelError';
  }
}

/** A KernelError, also after it crossed from a worker thread (where it arrives as a plain Error). */
export function isKernelError(err: unknown): boolean {
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  return typeof cause === 'object' && cause !== null && (cause as { mark?: unknown }).mark === KERNEL_ERROR;
}
