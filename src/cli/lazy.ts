// The arguments commander hands a command's action, typed from the command's declaration, so an
// action kept in its own module (src/cli/actions/, imported only when its command runs) takes
// exactly the flags its command declares.

export type ActionArgs<C> = C extends { action(fn: (...args: infer A) => unknown): unknown } ? A : never;
