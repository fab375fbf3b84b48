import { createHash } from 'node:crypto';

// URLs vary between copies of one post (tracking parameters, shorteners), so they never count
// towards "the same text".
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu;

/**
 * The form compared for exact duplicates: Unicode-compatibility folded (fullwidth and styled
 * letters become plain ones), lower-case, URLs removed, whitespace collapsed.
 */
export function dedupeForm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(URL_RE, ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * SHA-256 hex of the de-duplication form. A text that is nothing but URLs (or empty) would
 * otherwise hash like every other such text, so it falls back to its raw trimmed form, which keeps
 * two different link-only posts apart.
 */
export function textHash(text: string): string {
  const form = dedupeForm(text);
  return createHash('sha256')
    .update(form === '' ? `raw:${text.trim()}` : form)
    .digest('hex');
}
