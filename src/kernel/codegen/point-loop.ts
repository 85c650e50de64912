// The loop over grid points inside a trial (codegen/points.ts), as layout.ts writes it: the
// reference variant's statements run once per trial, then the one point variant's statements
// once per point, each point reading its constants from a Float64Array and counting into its
// own tallies array. Kept apart from layout.ts so that a kernel without points is written
// exactly as before.

/** What layout.ts needs to know to write the point loop. */
export interface PointLoop {
  /** Statements from this index on belong to the point variant and run once per point. */
  from: number;
  /** Per run-time input k (`c$k`): true when it is a boolean (stored as 0 or 1). */
  booleans: readonly boolean[];
}

/** The stamp of a point variant's lazy values: it changes for every (trial, point). */
export const POINT_STAMP = 'u$';

const inputs = (loop: PointLoop, assign: string): string[] =>
  loop.booleans.map((isBool, k) => `${assign}c$${k} = P$[q * ${loop.booleans.length} + ${k}]${isBool ? ' !== 0' : ''};`);

/** Lines after the prelude: the point runtime the kernel hands over (kernel/points.ts). */
export function pointPrelude(split: boolean, loop: PointLoop): string[] {
  const lines = [`const { views: A$, values: P$, count: Q$ } = R.points;`];
  if (split) lines.push(`let ${POINT_STAMP} = 0${loop.booleans.map((b, k) => `, c$${k} = ${b ? 'false' : '0'}`).join('')};`);
  return lines;
}

/**
 * The single-function trial: `lines` are the statements' lines; the point variant's run in a
 * loop where `acc` is the point's own tallies array and the inputs are locals.
 */
export function wholeTrialLines(lines: string[][], loop: PointLoop): string[] {
  return [
    ...lines.slice(0, loop.from).flat(),
    `    for (let q = 0; q < Q$; q++) {`,
    `    ${POINT_STAMP}++; const acc = A$[q];`,
    ...inputs(loop, '    const '),
    ...lines.slice(loop.from).flat(),
    `    }`,
  ];
}

/** The trial functions' calls for one trial, those from segment `loopSegment` on once per point. */
export function splitTrialCalls(functions: number, loopSegment: number, loop: PointLoop): string {
  const call = (i: number, acc: string) => `trial${i}(t, ${acc});`;
  const before = Array.from({ length: loopSegment }, (_, i) => call(i, 'acc'));
  const inLoop = Array.from({ length: functions - loopSegment }, (_, i) => call(loopSegment + i, 'a$'));
  return [...before, `for (let q = 0; q < Q$; q++) { ${POINT_STAMP}++;`, ...inputs(loop, ''), `const a$ = A$[q];`, ...inLoop, `}`].join(' ');
}
