/**
 * JSON Lines: one JSON object per line. A line that is not valid JSON, or not an object, is
 * reported with its line number; blank lines are skipped.
 */

export interface JsonLine {
  line: number;
  value: Record<string, unknown>;
}

export interface JsonLinesResult {
  /** Keys seen across the objects, in first-seen order (nested objects become dotted paths). */
  columns: string[];
  lines: JsonLine[];
  problems: Array<{ line: number; message: string }>;
}

/** `{author: {handle: 'x'}}` → `{'author.handle': 'x'}`; arrays stay values. */
export function flatten(value: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}) {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      flatten(v as Record<string, unknown>, key, out);
    else out[key] = v;
  }
  return out;
}

export function parseJsonLines(input: string): JsonLinesResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const columns = new Set<string>();
  const lines: JsonLine[] = [];
  const problems: JsonLinesResult['problems'] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      const reason = e instanceof Error ? e.message.replace(/^JSON\.parse: /, '') : 'unreadable';
      problems.push({ line, message: `not valid JSON (${reason})` });
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push({ line, message: 'each line must be one JSON object, like {"text": "…"}' });
      return;
    }
    const value = flatten(parsed as Record<string, unknown>);
    for (const k of Object.keys(value)) columns.add(k);
    lines.push({ line, value });
  });
  return { columns: [...columns], lines, problems };
}
