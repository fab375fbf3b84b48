/**
 * Whether an answer carries words a person can act on: a word of three or more letters and, later
 * in the same quoted stretch, a space and another word ("Choose a step.", "Enter 5 or more
 * items"). An empty body, a bare status or code, or JSON punctuation does not.
 *
 * Answers echo what was posted (a failure's `values`), so the text may hold a 70,000-letter run.
 * The single pattern this replaces, /[A-Za-z]{3,}[^"]*\s[A-Za-z]{2,}/, means the same but tried
 * every split of such a run against every length of the gap after it: about 40 s for a run of
 * 4,000 letters and days for 70,000, with the event loop of the process (which is also the web
 * app's, in web-inprocess.ts) blocked throughout. Here each stretch between quotes is searched
 * twice with fixed-length patterns, which look at each character a bounded number of times.
 */
export function hasWords(text: string): boolean {
  for (const stretch of text.split('"')) {
    const word = stretch.search(/[A-Za-z]{3}/);
    if (word >= 0 && /\s[A-Za-z]{2}/.test(stretch.slice(word + 3))) return true;
  }
  return false;
}
