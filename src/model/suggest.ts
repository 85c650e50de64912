// "Did you mean …?" for misspelled names, fields and paths.

/** Optimal-string-alignment edit distance (a transposition counts as one edit). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => {
    const row = new Array<number>(n + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2][j - 2] + 1);
      }
      d[i][j] = best;
    }
  }
  return d[m][n];
}

/**
 * The closest candidate, if it is close enough to be a plausible typo: at most a third of
 * the word's length in edits (at least 1), or a candidate containing the word.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  // A name typed only in part ("reliable" for "reliable_supplier") is a strong signal.
  if (word.length >= 4) {
    const partial = list.filter((c) => c.toLowerCase().includes(word.toLowerCase())).sort((a, b) => a.length - b.length);
    if (partial.length > 0) return partial[0];
  }
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of list) {
    const dist = editDistance(word.toLowerCase(), c.toLowerCase());
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** A hint naming the closest candidate, or listing a few of them. */
export function suggestHint(word: string, candidates: readonly string[], what: string): string {
  const near = closest(word, candidates);
  if (near !== undefined) return `did you mean '${near}'?`;
  if (candidates.length === 0) return `define the ${what} first`;
  const shown = candidates.slice(0, 8).map((c) => `'${c}'`).join(', ');
  return `use one of ${shown}${candidates.length > 8 ? ', …' : ''}`;
}
