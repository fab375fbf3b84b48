/**
 * xml2js groups child elements by name, so mixed content (`Some <b>bold</b> text`) comes back out of
 * order. Markup that is content, not feed structure, is therefore turned into text before parsing.
 */
function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const XHTML_CONSTRUCT =
  /<((?:\w+:)?(?:content|summary|title|subtitle|rights|tagline|info))(\s[^>]*?\b(?:type\s*=\s*["'](?:xhtml|application\/xhtml\+xml)["']|mode\s*=\s*["']xml["'])[^>]*?)(?<!\/)>([\s\S]*?)<\/\1\s*>/g;

/** Atom `type="xhtml"` (and 0.3 `mode="xml"`) constructs become escaped HTML, keeping their order. */
export function inlineXhtml(text: string): string {
  return text.replace(XHTML_CONSTRUCT, (_m, name: string, attrs: string, inner: string) => {
    const a = attrs
      .replace(/\btype\s*=\s*["'][^"']*["']/, 'type="html"')
      .replace(/\bmode\s*=\s*["']xml["']/, 'mode="escaped"');
    return `<${name}${a}>${escapeXml(inner)}</${name}>`;
  });
}

const TEXT_ELEMENT =
  /<(description|content:encoded|title|summary|content)(\s[^>]*)?(?<!\/)>([\s\S]*?)<\/\1\s*>/g;

/**
 * For a second strict attempt: HTML pasted unescaped into text elements (void `<br>`, unclosed `<b>`)
 * is wrapped in CDATA, which is what the publisher meant.
 */
export function wrapRawMarkup(text: string): { text: string; wrapped: number } {
  let wrapped = 0;
  const out = text.replace(TEXT_ELEMENT, (m, name: string, attrs: string | undefined, inner: string) => {
    if (!inner.includes('<') || inner.includes('<![CDATA[')) return m;
    wrapped++;
    return `<${name}${attrs ?? ''}><![CDATA[${inner.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]></${name}>`;
  });
  return { text: out, wrapped };
}
