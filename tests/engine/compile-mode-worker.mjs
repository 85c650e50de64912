// Pool worker for tests/engine/compile-mode.test.ts: whether this thread's isolate compiles
// optimized code on V8's background threads. Needs a process started with --allow-natives-syntax.
const concurrent = new Function('return %IsConcurrentRecompilationSupported()');

export default function compileMode() {
  return concurrent();
}
