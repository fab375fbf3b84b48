/**
 * Input that can never be stored, refused at the edge (the web app's hooks, the API's validation)
 * so that no form action or endpoint has to remember it, and a database error never becomes a 500.
 *
 * PostgreSQL `text` and `jsonb` cannot hold U+0000: a NUL anywhere in a value makes the statement
 * fail. In an address, control characters and unpaired UTF-16 surrogates (which `%ED%A0%80` or
 * `\ud800` can produce) name nothing we ever issue, so such a parameter is simply "not found".
 */

const NUL = '\u0000';

/** Whether a text value holds U+0000, which PostgreSQL cannot store. */
export function hasNul(text: string): boolean {
  return text.includes(NUL);
}

// C0 and C1 controls and DEL: no identifier or token of ours contains one.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether a decoded route parameter could name something: no controls, well-formed UTF-16. */
export function isPlausibleParam(value: string): boolean {
  return !CONTROL.test(value) && isWellFormed(value);
}

/** String.prototype.isWellFormed, which Node 20.0–20.x may lack. */
function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/**
 * Where in a parsed value (JSON body, query, form fields as an object) a string or key holds a NUL,
 * as dotted paths from `where` ("body.items.0.text"). Empty when the value can be stored. Stops
 * after `limit` findings: one is enough to refuse, a few help the caller fix them.
 */
export function nulPaths(value: unknown, where: string, limit = 5): string[] {
  const found: string[] = [];
  // A stack rather than recursion: a hostile body may nest thousands of levels deep.
  const stack: Array<[unknown, string]> = [[value, where]];
  while (stack.length > 0 && found.length < limit) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (hasNul(v)) found.push(path);
    } else if (v !== null && typeof v === 'object') {
      const entries: Array<[string, unknown]> = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const at = `${path}.${key.replaceAll(NUL, '\\u0000')}`;
        if (hasNul(key)) found.push(at);
        stack.push([child, at]);
      }
    }
  }
  return found.slice(0, limit);
}

/** The words a person sees when a field held a NUL. */
export function nulMessage(fields: readonly string[]): string {
  const named = fields.length > 0 ? ` (${fields.join(', ')})` : '';
  return `The form contains a NUL character (U+0000), which cannot be stored${named}. It usually comes from text pasted out of another program: remove it and send again.`;
}
