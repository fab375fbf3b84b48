/**
 * Small readers over xml2js's tree (every child is an array; text sits in `_` when the element also
 * has attributes, attributes in `$`). Real feeds put anything anywhere, so every reader accepts any
 * value and answers with something safe.
 */
export type XmlNode = Record<string, unknown>;

export function asNode(v: unknown): XmlNode {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as XmlNode) : {};
}

export function children(node: unknown, key: string): unknown[] {
  const v = asNode(node)[key];
  return Array.isArray(v) ? (v as unknown[]) : v === undefined ? [] : [v];
}

export function child(node: unknown, key: string): unknown {
  return children(node, key)[0];
}

/** The first of several keys present. */
export function childOf(node: unknown, keys: string[]): unknown {
  for (const k of keys) {
    const c = child(node, k);
    if (c !== undefined) return c;
  }
  return undefined;
}

export function attrs(node: unknown): Record<string, string> {
  const a = asNode(node).$;
  return a !== null && typeof a === 'object' ? (a as Record<string, string>) : {};
}

export function attr(node: unknown, name: string): string | undefined {
  const v = attrs(node)[name];
  return typeof v === 'string' ? v : undefined;
}

/** The character content of an element, or '' when it has none (or only child elements). */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const t = asNode(v)._;
  return typeof t === 'string' ? t : '';
}

export function childText(node: unknown, key: string): string {
  return textOf(child(node, key)).trim();
}
