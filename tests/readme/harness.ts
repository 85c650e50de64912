// Reads a README's examples so a test can run them: fenced `sh` blocks hold commands, a plain
// fenced block right after one holds what its last command prints, a block with `file=NAME`
// is a file the later commands use, and a block with `shows=NAME` is (part of) a file the
// commands before it wrote. The rules are written for authors in README.md beside the opt-in
// marker and under "Examples under test", and pinned in harness.test.ts.
//
// Conventions:
// - ```sh (or shell, bash, console) blocks: each line starting with `riskchain`, `npx riskchain`,
//   `$ riskchain`, `node_modules/.bin/riskchain` or `node dist/src/cli/main.js` is run (a
//   trailing `\` continues a line; `# comment` is dropped), and so is `cp SRC DST` (a copy
//   inside the examples' folder). Other lines (npm ci, npm test, …) are not run; the test lists
//   them as skipped, so nothing is left out silently.
// - A fenced block with no language (or `text`) separated from the sh block above it only by
//   blank lines is that block's last command's output (stdout, then stderr). A line that is
//   just `…` (or `...`) stands for any number of lines; `…` inside a line for any text.
// - A fenced block whose info string has `file=NAME` (```csv file=runs.csv) is written to
//   NAME in the examples' folder when it is reached, before the commands after it.
// - A fenced block whose info string has `shows=NAME` (```csv shows=results/x.csv) is compared,
//   with the same `…` rules, with the file NAME as the commands before it left it.
// - `<!-- readme: not run: REASON -->` (or `<!-- readme: skip: REASON -->`) on the line before
//   a block leaves that block out; the test lists it as skipped with the reason.

export interface Block {
  lang: string;
  attrs: Record<string, string>;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Why the block is not run, when a `readme: not run` marker precedes it. */
  skip?: string;
  /** Only blank lines between this block and the one before it. */
  followsPrevious: boolean;
}

export function blocksOf(markdown: string): Block[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: Block[] = [];
  let lastEnd = -2;
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const [lang = '', ...rest] = open[3].trim().split(/\s+/).filter(Boolean);
    const attrs = Object.fromEntries(
      rest
        .map((a) => a.split('='))
        .filter((kv) => kv.length === 2)
        .map(([k, v]) => [k, v.replace(/^["']|["']$/g, '')]),
    );
    let j = i + 1;
    while (
      j < lines.length &&
      !(lines[j].trim().startsWith(fence[0].repeat(fence.length)) && lines[j].trim().replace(new RegExp(`^\\${fence[0]}+`), '') === '')
    )
      j++;
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    blocks.push({
      lang: lang.toLowerCase(),
      attrs,
      body: lines
        .slice(i + 1, j)
        .map((l) => l.slice(Math.min(open[1].length, l.length - l.trimStart().length)))
        .join('\n'),
      line: i + 1,
      skip: before >= 0 ? skipReason(lines[before]) : undefined,
      followsPrevious: before === lastEnd,
    });
    lastEnd = j;
    i = j;
  }
  return blocks;
}

/** The reason of a `<!-- readme: not run: REASON -->` (or `skip`) line, or undefined. */
function skipReason(line: string): string | undefined {
  const m = /^<!--\s*readme:\s*(?:skip|not run)\b\s*[:—-]?\s*(.*?)\s*-->$/.exec(line.trim());
  return m ? m[1] || 'no reason given' : undefined;
}

const SHELL = new Set(['sh', 'shell', 'bash', 'console']);
const OUTPUT = new Set(['', 'text', 'output']);

/** Splits a command line as a POSIX shell would for words and quotes (no variables, no globs). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in: ${line}`);
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) j++;
        word += line[j];
      }
      if (j >= line.length) throw new Error(`unclosed " in: ${line}`);
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '#' && !inWord) {
      break;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

export interface Example {
  /** Where in the README (the line of the block's opening fence). */
  line: number;
  /**
   * command: run riskchain with `args`; copy: copy `file` to `to`; file: write `content` to
   * `file`; shows: compare `content` with `file`; skipped: `text` is not run, for `reason`.
   */
  kind: 'command' | 'copy' | 'file' | 'shows' | 'skipped';
  /** command: the arguments after `riskchain`. */
  args?: string[];
  /** command: the text the README shows the command printing, when it does. */
  expected?: string;
  file?: string;
  to?: string;
  content?: string;
  text?: string;
  reason?: string;
}

/** Words that start a riskchain command line, and how many of them to drop. */
const LAUNCHERS: string[][] = [
  ['riskchain'],
  ['npx', 'riskchain'],
  ['node_modules/.bin/riskchain'],
  ['./node_modules/.bin/riskchain'],
  ['node', 'dist/src/cli/main.js'],
];
const SHELL_SYNTAX = ['|', '>', '>>', '<', '&&', '||', ';', '&'];

/** The examples in order: files to write or check and commands to run (with their shown output). */
export function examplesOf(markdown: string): Example[] {
  const blocks = blocksOf(markdown);
  const out: Example[] = [];
  blocks.forEach((b, k) => {
    if (b.skip !== undefined) {
      if (SHELL.has(b.lang) || b.attrs.file || b.attrs.shows)
        out.push({
          line: b.line,
          kind: 'skipped',
          text: b.body
            .split('\n')[0]
            .replace(/\s+#.*$/, '')
            .trim(),
          reason: b.skip,
        });
      return;
    }
    if (b.attrs.file) {
      out.push({ line: b.line, kind: 'file', file: b.attrs.file, content: b.body.endsWith('\n') ? b.body : `${b.body}\n` });
      return;
    }
    if (b.attrs.shows) {
      out.push({ line: b.line, kind: 'shows', file: b.attrs.shows, content: b.body });
      return;
    }
    if (!SHELL.has(b.lang)) return;
    const steps: Example[] = [];
    const notRun: string[] = [];
    // Shown output belongs to the block's last line; when that line is not a riskchain command, nothing is checked.
    let last: Example | undefined;
    for (const raw of b.body.replace(/\\\n\s*/g, ' ').split('\n')) {
      const line = raw.replace(/^\s*\$\s+/, '').trim();
      const words = shellWords(line);
      if (words.length === 0) continue;
      const launcher = LAUNCHERS.find((l) => l.every((w, i) => words[i] === w));
      const shellWord = words.find((w) => SHELL_SYNTAX.includes(w));
      if ((launcher || words[0] === 'cp') && shellWord)
        throw new Error(`README line ${b.line}: '${line}' uses shell syntax (${shellWord}) the example harness does not run; write one plain command per line`);
      last = undefined;
      if (launcher) steps.push((last = { line: b.line, kind: 'command', args: words.slice(launcher.length) }));
      else if (words[0] === 'cp' && words.length === 3) steps.push({ line: b.line, kind: 'copy', file: words[1], to: words[2] });
      else notRun.push(line.replace(/\s+#.*$/, ''));
    }
    if (notRun.length > 0) steps.push({ line: b.line, kind: 'skipped', text: notRun.join('; '), reason: 'not riskchain commands' });
    const next = blocks[k + 1];
    if (last && next && next.followsPrevious && next.skip === undefined && !next.attrs.file && !next.attrs.shows && OUTPUT.has(next.lang)) {
      last.expected = next.body;
    }
    out.push(...steps);
  });
  return out;
}

/** The trial-count options: `-n N`, `--trials N`, `--trials=N`. */
const TRIALS_FLAGS = ['-n', '--trials'];

/**
 * `args` with every trial count (`-n N`, `--trials N`, `--trials=N`) above `cap` lowered to
 * `cap`, or undefined when none is above it (then there is nothing to gain). examples.test.ts
 * runs a command whose output the README does not show this way, since all the README says of
 * it is that it succeeds (and it re-runs it as written when a later example reads its files).
 */
export function withTrialsAtMost(args: string[], cap: number): string[] | undefined {
  let lowered = false;
  const low = (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= cap) return v;
    lowered = true;
    return String(cap);
  };
  const out = args.map((a, i) => {
    if (i > 0 && TRIALS_FLAGS.includes(args[i - 1])) return low(a);
    const eq = /^(--trials=)(.*)$/.exec(a);
    return eq ? eq[1] + low(eq[2]) : a;
  });
  return lowered ? out : undefined;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isElision = (l: string) => l.trim() === '…' || l.trim() === '...';

/**
 * Whether `actual` is what `expected` shows: line by line after trimming line ends and blank
 * lines at either end, with `…` lines matching any lines and `…` in a line any text.
 */
export function matchesShown(expected: string, actual: string): boolean {
  const clean = (s: string) => {
    const ls = s.split(/\r?\n/).map((l) => l.trimEnd());
    while (ls.length > 0 && ls[0] === '') ls.shift();
    while (ls.length > 0 && ls[ls.length - 1] === '') ls.pop();
    return ls;
  };
  const want = clean(expected);
  const got = clean(actual);
  const lineRe = want.map((l) => (isElision(l) ? null : new RegExp(`^${l.split('…').map(escape).join('.*?')}$`)));
  // memo[i][j]: want[i..] matches got[j..]
  const memo = new Map<string, boolean>();
  const m = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    if (memo.has(key)) return memo.get(key)!;
    let r: boolean;
    if (i === want.length) r = j === got.length;
    else if (lineRe[i] === null) r = m(i + 1, j) || (j < got.length && m(i, j + 1));
    else r = j < got.length && lineRe[i]!.test(got[j]) && m(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return m(0, 0);
}
