// Counts in printed text: "1 indicator", "2 indicators". The number is formatted by the caller
// (some texts group digits, some do not), so only the noun is chosen here.

/** `noun` for a count of 1, else its plural (`${noun}s` unless given). */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return n === 1 ? noun : nouns;
}
