// Greedy word wrapping for terminal prose (explanations, table footnotes).

/** Wraps at `width` columns; a word longer than a line stays whole rather than being cut. */
export function wrap(text: string, width: number, indent = '', hangingIndent = indent): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = indent;
  let fresh = true;
  for (const w of words) {
    if (!fresh && line.length + 1 + w.length > width) {
      lines.push(line);
      line = hangingIndent + w;
    } else {
      line += (fresh ? '' : ' ') + w;
    }
    fresh = false;
  }
  if (!fresh) lines.push(line);
  return lines;
}
