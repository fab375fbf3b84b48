import { decodeHTMLStrict } from 'entities';
import { findRoot } from './detect.js';

/**
 * Lenient clean-up of the XML text before it reaches the strict parser. Real feeds are often produced
 * by string concatenation: PHP warnings before the declaration, bare `&`, HTML entities XML does not
 * define, control characters pasted from word processors, CDATA sections never closed, a truncated
 * transfer. Each fix is cheap, local and recorded, so `feed check` can say what was recovered.
 *
 * Entities declared in a DOCTYPE are never expanded (that is how "billion laughs" and external-entity
 * attacks work): the DOCTYPE is dropped and any reference to an entity XML does not predefine and HTML
 * does not name is kept as literal text.
 */
export interface Repaired {
  text: string;
  repairs: string[];
}

const XML_PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

// Windows-1252 meanings of the C1 range, which numeric references in real feeds almost always intend.
const CP1252: Record<number, number> = {
  128: 0x20ac,
  130: 0x201a,
  131: 0x0192,
  132: 0x201e,
  133: 0x2026,
  134: 0x2020,
  135: 0x2021,
  136: 0x02c6,
  137: 0x2030,
  138: 0x0160,
  139: 0x2039,
  140: 0x0152,
  142: 0x017d,
  145: 0x2018,
  146: 0x2019,
  147: 0x201c,
  148: 0x201d,
  149: 0x2022,
  150: 0x2013,
  151: 0x2014,
  152: 0x02dc,
  153: 0x2122,
  154: 0x0161,
  155: 0x203a,
  156: 0x0153,
  158: 0x017e,
  159: 0x0178,
};

function validXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function numericRef(cp: number): string {
  const mapped = CP1252[cp] ?? cp;
  if (mapped >= 0x80 && mapped <= 0x9f) return '';
  return validXmlChar(mapped) ? `&#${mapped};` : '';
}

function stripLeading(text: string, repairs: string[]): string {
  const decl = /<\?xml\s/.exec(text)?.index ?? -1;
  let start = -1;
  // A declaration after junk (even markup, such as a PHP warning) still marks where the XML starts,
  // unless a feed's root element came first and the "declaration" is inside its content.
  if (decl >= 0 && !/<(?:\w+:)?(?:rss|feed|RDF)[\s>]/.test(text.slice(0, decl))) start = decl;
  else {
    const m = /<[A-Za-z_!?]/.exec(text);
    start = m ? m.index : -1;
  }
  if (start > 0) {
    const removed = text.slice(0, start);
    repairs.push(
      removed.trim()
        ? 'removed text before the start of the XML'
        : 'removed whitespace before the XML declaration',
    );
    return text.slice(start);
  }
  return text;
}

function stripControls(text: string, repairs: string[]): string {
  const re = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
  let n = 0;
  const out = text.replace(re, () => {
    n++;
    return '';
  });
  if (n) repairs.push(`removed ${n} control character${n === 1 ? '' : 's'}`);
  return out;
}

function dropDoctype(text: string, repairs: string[]): string {
  const m = /<!DOCTYPE\b/i.exec(text);
  if (!m) return text;
  const start = m.index;
  const gt = text.indexOf('>', start);
  const bracket = text.indexOf('[', start);
  let end: number;
  if (bracket >= 0 && (gt < 0 || bracket < gt)) {
    const close = /\]\s*>/g;
    close.lastIndex = bracket;
    const c = close.exec(text);
    end = c ? c.index + c[0].length : text.length;
    const subset = text.slice(bracket, end);
    if (/<!ENTITY/i.test(subset)) {
      repairs.push(
        /\bSYSTEM\b|\bPUBLIC\b/.test(subset)
          ? 'ignored the DOCTYPE and its entity declarations (external entities are never fetched)'
          : 'ignored the DOCTYPE and its entity declarations (they are never expanded)',
      );
    }
  } else {
    end = gt < 0 ? text.length : gt + 1;
  }
  return text.slice(0, start) + text.slice(end);
}

function closeCdata(text: string, repairs: string[]): string {
  let from = 0;
  for (;;) {
    const open = text.indexOf('<![CDATA[', from);
    if (open < 0) return text;
    const close = text.indexOf(']]>', open + 9);
    if (close >= 0) {
      from = close + 3;
      continue;
    }
    // Close it just before the end tag of the element that contains it.
    // Only the nearby text: the containing start tag is close by, and scanning the whole prefix for
    // every unclosed section would be quadratic.
    const before = text.slice(Math.max(0, open - 8192), open);
    const tags = [...before.matchAll(/<([A-Za-z_][\w:.-]*)(?:[^>"'/]|"[^"]*"|'[^']*')*>/g)];
    const parent = tags.at(-1)?.[1];
    const end = parent ? text.indexOf(`</${parent}`, open + 9) : -1;
    repairs.push('closed an unterminated CDATA section');
    if (end < 0) return `${text}]]>`;
    text = `${text.slice(0, end)}]]>${text.slice(end)}`;
    from = end + 3;
  }
}

function fixEntities(text: string, repairs: string[]): string {
  let bare = 0;
  let html = 0;
  let unknown = 0;
  let badNumeric = 0;
  const re =
    /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|&(?:#(\d{1,8});|#[xX]([0-9a-fA-F]{1,7});|([A-Za-z][A-Za-z0-9]{0,31});)?/g;
  const out = text.replace(re, (m: string, dec?: string, hex?: string, name?: string) => {
    if (m.charCodeAt(0) === 0x3c) return m;
    if (dec !== undefined || hex !== undefined) {
      const cp = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
      if (CP1252[cp] === undefined && validXmlChar(cp) && !(cp >= 0x80 && cp <= 0x9f)) return m;
      badNumeric++;
      return numericRef(cp);
    }
    if (name !== undefined) {
      if (XML_PREDEFINED.has(name)) return m;
      const decoded = decodeHTMLStrict(m);
      if (decoded !== m) {
        html++;
        return [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
      }
      unknown++;
      return `&amp;${name};`;
    }
    bare++;
    return '&amp;';
  });
  if (bare) repairs.push(`escaped ${bare} bare ampersand${bare === 1 ? '' : 's'}`);
  if (html) repairs.push(`mapped ${html} HTML entit${html === 1 ? 'y' : 'ies'} that XML does not define`);
  if (unknown) repairs.push(`kept ${unknown} undefined entit${unknown === 1 ? 'y' : 'ies'} as literal text`);
  if (badNumeric)
    repairs.push(`fixed ${badNumeric} invalid character reference${badNumeric === 1 ? '' : 's'}`);
  return out;
}

const TOKEN =
  /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)|<!(?:[^>]*)>|<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

/** Elements still open at the end of `text`, outermost first. */
export function openElements(text: string): string[] {
  const stack: string[] = [];
  TOKEN.lastIndex = 0;
  for (const m of text.matchAll(TOKEN)) {
    const name = m[2];
    if (!name) continue;
    if (m[1]) {
      const at = stack.lastIndexOf(name);
      if (at >= 0) stack.length = at;
    } else if (!m[4]) {
      stack.push(name);
    }
  }
  return stack;
}

function fixEnd(text: string, repairs: string[]): string {
  const root = findRoot(text);
  if (!root) return text;
  const closeRe = new RegExp(`</${root.name.replace(/[.]/g, '\\.')}\\s*>`, 'g');
  let last: RegExpExecArray | null = null;
  for (let m = closeRe.exec(text); m; m = closeRe.exec(text)) last = m;
  if (last) {
    const end = last.index + last[0].length;
    const tail = text.slice(end).replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '');
    if (tail.trim()) {
      repairs.push('removed text after the end of the document');
      return text.slice(0, end);
    }
    return text;
  }
  if (/^<[^>]*\/>/.test(text.slice(root.index))) return text;
  // Truncated: keep every complete item or entry, then close whatever is still open.
  const ends = [text.lastIndexOf('</item>'), text.lastIndexOf('</entry>')].filter((i) => i >= 0);
  let cut: number;
  if (ends.length) {
    const at = Math.max(...ends);
    cut = text.indexOf('>', at) + 1;
  } else {
    cut = text.lastIndexOf('>') + 1;
  }
  const kept = text.slice(0, cut);
  const open = openElements(kept);
  repairs.push('the document was cut short; kept the complete items and closed the open elements');
  return (
    kept +
    open
      .reverse()
      .map((n) => `</${n}>`)
      .join('')
  );
}

export function repairXml(input: string): Repaired {
  const repairs: string[] = [];
  let text = stripLeading(input, repairs);
  text = stripControls(text, repairs);
  text = dropDoctype(text, repairs);
  text = closeCdata(text, repairs);
  text = fixEntities(text, repairs);
  text = fixEnd(text, repairs);
  return { text, repairs };
}
