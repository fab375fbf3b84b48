import { Parser } from 'htmlparser2';

/**
 * HTML to plain text through a streaming tokenizer (htmlparser2), so the cost stays linear in the
 * input whatever it holds: pushed items are untrusted, and a regex pass over thousands of unclosed
 * `<style>` tags is quadratic. Scripts, styles and other non-content elements are dropped with
 * their contents, block elements become line breaks, entities are decoded, and whitespace follows
 * HTML's rules (collapsed; <pre> keeps its line breaks). Image addresses are collected as media.
 */
const DROP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'head',
  'select',
  'textarea',
  'button',
]);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'nav',
  'main',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'figure',
  'figcaption',
  'hr',
  'address',
  'details',
  'summary',
  'fieldset',
  'form',
  'caption',
]);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export interface HtmlText {
  text: string;
  /** `src` of each <img>, as written (resolve against the page). */
  images: string[];
}

export function htmlToPlainText(html: string): HtmlText {
  const parts: string[] = [];
  const images: string[] = [];
  let dropDepth = 0;
  let preDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (DROP.has(name)) {
          dropDepth++;
          return;
        }
        if (dropDepth > 0) return;
        if (name === 'br') parts.push('\n');
        else if (BLOCK.has(name)) parts.push('\n');
        else if (name === 'td' || name === 'th') parts.push(' ');
        if (name === 'pre') preDepth++;
        if (name === 'img' && attribs.src && images.length < 50) images.push(attribs.src);
      },
      onclosetag(name) {
        if (DROP.has(name)) {
          if (dropDepth > 0) dropDepth--;
          return;
        }
        if (dropDepth > 0) return;
        if (BLOCK.has(name)) parts.push('\n');
        if (name === 'pre' && preDepth > 0) preDepth--;
      },
      ontext(data) {
        if (dropDepth > 0) return;
        parts.push(preDepth > 0 ? data : data.replace(/[ \t\n\r\f]+/g, ' '));
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeCDATA: true },
  );
  parser.write(html);
  parser.end();
  return { text: tidyText(parts.join('')), images };
}

/**
 * Tidies plain text: one kind of line break, odd spaces made plain, control characters, NULs
 * (PostgreSQL text cannot hold them), unpaired surrogates and zero-width spaces removed (joiners
 * stay: emoji sequences and Persian or Urdu spelling need them), runs of spaces collapsed, lines
 * trimmed, at most one blank line between paragraphs.
 */
export function tidyText(s: string): string {
  return s
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\t\f\v\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(/[\u200b\u2060\ufeff\u0000-\u0008\u000e-\u001f\u007f]/g, '')
    .replace(/ {2,}/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
