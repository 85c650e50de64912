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
 * the word's length in edits (at least 1), or a candidate containing the word. Candidates
 * whose length alone puts them past that limit are skipped and the distance stops counting
 * once it passes it, so a suggestion costs about (candidates × word length × limit), not the
 * full table of every pair: validation asks for one per problem, and a file can have many.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const lower = word.toLowerCase();
  // A name typed only in part ("reliable" for "reliable_supplier") is a strong signal.
  if (word.length >= 4) {
    const partial = list.filter((c) => c.toLowerCase().includes(lower)).sort((a, b) => a.length - b.length);
    if (partial.length > 0) return partial[0];
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of list) {
    if (Math.abs(c.length - word.length) > limit) continue;
    const dist = editDistanceWithin(lower, c.toLowerCase(), bestDistance - 1);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/**
 * editDistance(a, b) when it is at most `limit`, else some number above `limit`: the rows
 * are abandoned as soon as every cell of one exceeds the limit, since cells never decrease
 * along a diagonal and a transposition reaches back only one row further.
 */
/** Three reusable rows: a file's worth of suggestions would otherwise allocate three arrays each. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

function editDistanceWithin(a: string, b: string, limit: number): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > limit) return limit + 1;
  if (rows[0].length < n + 1) rows = [0, 1, 2].map(() => new Int32Array(2 * (n + 1))) as typeof rows;
  let [before, prev, row] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  let prevMin = 0;
  for (let i = 1; i <= m; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2] + 1);
      row[j] = best;
      if (best < rowMin) rowMin = best;
    }
    // Every path to the end crosses this row or, by a transposition, the one before.
    if (rowMin > limit && prevMin > limit) return limit + 1;
    prevMin = rowMin;
    [before, prev, row] = [prev, row, before];
  }
  return prev[n];
}

/** A hint naming the closest candidate, or listing a few of them. */
export function suggestHint(word: string, candidates: readonly string[], what: string): string {
  const near = closest(word, candidates);
  if (near !== undefined) return `did you mean '${near}'?`;
  if (candidates.length === 0) return `define the ${what} first`;
  return listHint(sectionFirst(word, candidates));
}

/**
 * For a dotted word, the candidates in its section come first, those ending in its field before
 * the rest: `events.nope.p` lists the events' `p` paths, not the first parameter's fields.
 */
function sectionFirst(word: string, candidates: readonly string[]): readonly string[] {
  const dot = word.indexOf('.');
  if (dot <= 0) return candidates;
  const head = word.slice(0, dot + 1);
  const last = word.lastIndexOf('.') > dot ? word.slice(word.lastIndexOf('.')) : undefined;
  const rank = (c: string) => (c.startsWith(head) ? 0 : 2) + (last !== undefined && c.endsWith(last) ? 0 : 1);
  // A stable sort: within a rank the config's order stays.
  return [...candidates].sort((a, b) => rank(a) - rank(b));
}

function listHint(candidates: readonly string[]): string {
  const shown = candidates
    .slice(0, 8)
    .map((c) => `'${c}'`)
    .join(', ');
  return `use one of ${shown}${candidates.length > 8 ? ', …' : ''}`;
}

/**
 * suggestHint for many words against one candidate list (every unknown name of a config, every
 * bad override path of a scenario). A search costs up to (candidates' total length × word
 * length) steps, so a file with tens of thousands of misspellings against thousands of
 * candidates would take minutes: once `budget` steps are spent, the remaining words get the
 * plain list of candidates. Only the first problems are ever shown, and those come first.
 */
export function suggester(candidates: () => readonly string[], what: string, budget = 50_000_000): (word: string) => string {
  let list: readonly string[] | undefined;
  let size = 0;
  let spent = 0;
  return (word) => {
    if (list === undefined) {
      list = candidates();
      for (const c of list) size += c.length + 1;
    }
    if (spent > budget && list.length > 0) return listHint(list);
    spent += size * (word.length + 1);
    return suggestHint(word, list, what);
  };
}
