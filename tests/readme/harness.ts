// Reads a README's examples so a test can run them: fenced `sh` blocks hold commands, a plain
// fenced block right after one holds what its last command prints, and a block with
// `file=NAME` in its info string is a file the later commands use. The conventions are
// documented in /work/notes/batch.md (README section "Examples under test") and pinned in
// harness.test.ts.
//
// Conventions:
// - ```sh (or shell, bash, console) blocks: each line starting with `riskchain`, `npx riskchain`
//   or `$ riskchain` is run (a trailing `\` continues a line; `# comment` is dropped). Other
//   lines (npm ci, npm test, …) are not run.
// - A fenced block with no language (or `text`) separated from the sh block above it only by
//   blank lines is that block's last command's output (stdout, then stderr). A line that is
//   just `…` (or `...`) stands for any number of lines; `…` inside a line for any text.
// - A fenced block whose info string has `file=NAME` (```csv file=runs.csv) is written to
//   NAME in the examples' folder when it is reached, before the commands after it.
// - `<!-- readme: skip -->` on the line before a block leaves that block out.

export interface Block {
  lang: string;
  attrs: Record<string, string>;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  skip: boolean;
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
    const attrs = Object.fromEntries(rest.map((a) => a.split('=')).filter((kv) => kv.length === 2).map(([k, v]) => [k, v.replace(/^["']|["']$/g, '')]));
    let j = i + 1;
    while (j < lines.length && !(lines[j].trim().startsWith(fence[0].repeat(fence.length)) && lines[j].trim().replace(new RegExp(`^\\${fence[0]}+`), '') === '')) j++;
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    blocks.push({
      lang: lang.toLowerCase(),
      attrs,
      body: lines.slice(i + 1, j).map((l) => l.slice(Math.min(open[1].length, l.length - l.trimStart().length))).join('\n'),
      line: i + 1,
      skip: before >= 0 && /^<!--\s*readme:\s*skip\s*-->$/.test(lines[before].trim()),
      followsPrevious: before === lastEnd,
    });
    lastEnd = j;
    i = j;
  }
  return blocks;
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
      word += line.slice(i + 1, end); i = end; inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) j++;
        word += line[j];
      }
      if (j >= line.length) throw new Error(`unclosed " in: ${line}`);
      i = j; inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i]; inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = ''; inWord = false;
    } else if (c === '#' && !inWord) {
      break;
    } else {
      word += c; inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

export interface Example {
  /** Where in the README (the sh block's line). */
  line: number;
  kind: 'command' | 'file';
  /** command: the arguments after `riskchain`. */
  args?: string[];
  /** The text the README shows the command printing, when it does. */
  expected?: string;
  /** file: its name and content. */
  file?: string;
  content?: string;
}

/** The examples in order: files to write and commands to run (with their shown output). */
export function examplesOf(markdown: string): Example[] {
  const blocks = blocksOf(markdown);
  const out: Example[] = [];
  blocks.forEach((b, k) => {
    if (b.skip) return;
    if (b.attrs.file) { out.push({ line: b.line, kind: 'file', file: b.attrs.file, content: b.body.endsWith('\n') ? b.body : `${b.body}\n` }); return; }
    if (!SHELL.has(b.lang)) return;
    const commands: Example[] = [];
    const joined = b.body.replace(/\\\n\s*/g, ' ').split('\n');
    for (const raw of joined) {
      const words = shellWords(raw.replace(/^\s*\$\s+/, ''));
      const start = words[0] === 'npx' && words[1] === 'riskchain' ? 2 : words[0] === 'riskchain' ? 1 : -1;
      if (start < 0) continue;
      if (words.some((w) => ['|', '>', '>>', '<', '&&', ';'].includes(w))) throw new Error(`README line ${b.line}: '${raw.trim()}' uses shell syntax the example harness does not run; write one plain command per line`);
      commands.push({ line: b.line, kind: 'command', args: words.slice(start) });
    }
    const next = blocks[k + 1];
    if (commands.length > 0 && next && next.followsPrevious && !next.skip && !next.attrs.file && OUTPUT.has(next.lang)) {
      commands[commands.length - 1].expected = next.body;
    }
    out.push(...commands);
  });
  return out;
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
