/**
 * PostgreSQL array literals for bulk writes through `unnest`. Each column travels as ONE text
 * parameter (`$1::text[]`), so a batch of any size stays far below the 65,534-parameter limit, and
 * both drivers (postgres.js and PGlite) see a plain string: no driver-side array inference, which
 * differs between them and cannot express a text[] per row (unnest flattens 2-D arrays).
 */

function quote(s: string): string {
  // NUL cannot be stored in PostgreSQL text; everything else is kept as given.
  return `"${s
    .replace(/\u0000/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')}"`;
}

/** `{"a","b",NULL}` for a text[] parameter. */
export function textArray(values: ReadonlyArray<string | null | undefined>): string {
  return `{${values.map((v) => (v === null || v === undefined ? 'NULL' : quote(v))).join(',')}}`;
}

/** `{1,-2,NULL}` for an int4[] or int8[] parameter. */
export function intArray(values: ReadonlyArray<number | null | undefined>): string {
  return `{${values
    .map((v) => {
      if (v === null || v === undefined) return 'NULL';
      if (!Number.isSafeInteger(v)) throw new RangeError(`not an integer: ${v}`);
      return String(v);
    })
    .join(',')}}`;
}

/**
 * A text[] whose elements are themselves array literals: `unnest` yields one text per row, cast
 * back to text[] in the SELECT (`m::text[]`).
 */
export function nestedTextArray(values: ReadonlyArray<ReadonlyArray<string>>): string {
  return textArray(values.map((v) => textArray(v)));
}

/** timestamptz values as ISO strings (NULL for unknown). */
export function timeArray(values: ReadonlyArray<Date | null | undefined>): string {
  return textArray(values.map((d) => (d ? d.toISOString() : null)));
}

/** jsonb values as JSON text (NULL for absent). */
export function jsonArray(values: ReadonlyArray<unknown>): string {
  return textArray(values.map((v) => (v === null || v === undefined ? null : JSON.stringify(v))));
}
