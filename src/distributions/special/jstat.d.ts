// jstat ships no types; this declares only the special functions riskchain calls.
declare module 'jstat' {
  interface JStat {
    /** Regularised incomplete beta I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    /** Inverse of I_x(a, b) in x (Halley iterations; can miss for shapes far below 1). */
    ibetainv(p: number, a: number, b: number): number;
    /** log B(a, b). */
    betaln(a: number, b: number): number;
  }
  const jStat: JStat;
  export default jStat;
}
