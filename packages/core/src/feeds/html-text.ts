import { decodeHTML } from 'entities';

/**
 * HTML to plain text for scoring and display: scripts, styles and other non-content elements are
 * dropped with their contents, block elements become line breaks, entities are decoded and
 * whitespace is tidied. Deliberately small and regex-based: feed HTML is fragments, and the text only
 * has to read well, not round-trip.
 */
const DROP_WITH_CONTENT =
  /<(script|style|noscript|template|iframe|object|svg|math|head|select|textarea)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const DROP_UNCLOSED = /<(script|style)\b[^>]*>[\s\S]*$/i;
const BLOCK =
  /<\/?(?:p|div|section|article|header|footer|aside|nav|main|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|thead|tbody|tfoot|tr|figure|figcaption|hr|address|details|summary|fieldset|form)\b[^>]*>/gi;

export function htmlToText(html: string): string {
  if (!html) return '';
  let s = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(DROP_WITH_CONTENT, ' ')
    .replace(DROP_UNCLOSED, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(BLOCK, '\n')
    .replace(/<\/?(?:td|th)\b[^>]*>/gi, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/<\/?[A-Za-z][\w:-]*$/g, '');
  s = decodeHTML(s);
  return tidy(s);
}

/** Collapses runs of spaces, trims lines, keeps at most one blank line between paragraphs. */
export function tidy(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\t\f\v\u2000-\u200a\u202f\u205f]/g, ' ')
    .replace(/[\u200b\u200c\u200d\u2060\ufeff]/g, '')
    .replace(/ {2,}/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Escapes plain text so it can stand as HTML (Atom `type="text"` content). */
export function textToHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');
}
