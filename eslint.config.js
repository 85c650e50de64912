// ESLint for riskchain: eslint's and typescript-eslint's recommended rules, plus the type-aware
// rules that catch real bugs in this code base for little lint time (promises nobody awaits,
// awaits of non-promises, async callbacks where a void one is expected). Formatting is Prettier's
// job (.prettierrc), so no stylistic rules here. Types come from tsconfig.check.json, which
// covers src/, workers/, scripts/ and tests/.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'results/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
      // Node globals for the plain-JS scripts; TypeScript itself knows them from @types/node.
      globals: { process: 'readonly', Buffer: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      // The kernel stops a faulty trial by throwing a FaultSignal, a plain value on purpose (no
      // stack to capture); a rethrow of a caught `unknown` is allowed too.
      '@typescript-eslint/only-throw-error': [
        'error',
        { allowThrowingUnknown: true, allow: [{ from: 'file', name: 'FaultSignal', path: 'src/kernel/kernel.ts' }] },
      ],
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      // `_name` marks a value left unused on purpose (destructuring one field away, a callback's first argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Numerical constants (rational approximations, test values) are written as published, with
      // more digits than a double keeps; the literal rounds to the nearest double, as intended.
      'no-loss-of-precision': 'off',
    },
  },
  {
    // Tests build deliberately wrong inputs (`as any`) and evaluate generated code (new Function).
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-implied-eval': 'off' },
  },
  {
    // The hand-written baseline loops initialise every local, as generated code does, so V8 sees one
    // number type from the start; "fixing" them would change the baseline the kernel is held to.
    files: ['tests/bench/fused-*.ts'],
    rules: { 'no-useless-assignment': 'off' },
  },
  {
    // Code generation marks placeholders with control characters that no source text contains.
    files: ['src/kernel/codegen/trial.ts'],
    rules: { 'no-control-regex': 'off' },
  },
);
