import { isDay } from './dates.js';

/**
 * Small readers for form and CSV values: every value arrives as a string, and every problem is
 * collected against its field so a form can show all of them at once.
 */

export type FieldErrors = Record<string, string>;

export type FieldParse<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export class FieldReader {
  readonly errors: FieldErrors = {};

  constructor(private readonly values: Readonly<Record<string, string | undefined>>) {}

  raw(key: string): string {
    return (this.values[key] ?? '').trim();
  }

  fail(key: string, message: string): void {
    this.errors[key] ??= message;
  }

  text(key: string, label: string, max: number, required = false): string | null {
    const v = this.raw(key);
    if (!v) {
      if (required) this.fail(key, `${label} is required.`);
      return null;
    }
    if (v.length > max) this.fail(key, `${label} must be at most ${max} characters.`);
    return v;
  }

  oneOf<T extends string>(key: string, label: string, allowed: readonly T[], required = false): T | null {
    const v = this.raw(key);
    if (!v) {
      if (required) this.fail(key, `${label} is required.`);
      return null;
    }
    const found = allowed.find((a) => a === v);
    if (!found) this.fail(key, `${label} must be one of: ${allowed.map(label_).join(', ')}.`);
    return found ?? null;
  }

  day(key: string, label: string, required = false): string | null {
    const v = this.raw(key);
    if (!v) {
      if (required) this.fail(key, `${label} is required.`);
      return null;
    }
    if (!isDay(v)) {
      this.fail(key, `${label} must be a date written as YYYY-MM-DD.`);
      return null;
    }
    return v;
  }

  integer(key: string, label: string, min: number, max: number): number | null {
    const v = this.raw(key);
    if (!v) return null;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.fail(key, `${label} must be a whole number from ${min} to ${max}.`);
      return null;
    }
    return Number(v);
  }

  done<T>(value: T): FieldParse<T> {
    return Object.keys(this.errors).length > 0 ? { ok: false, errors: this.errors } : { ok: true, value };
  }
}

/** 'social_care' → 'social care', for messages listing allowed values. */
function label_(code: string): string {
  return code.replace(/_/g, ' ');
}

/** A comma- or semicolon-separated list, trimmed, without blanks or repeats (case-insensitive). */
export function splitTopics(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of value.split(/[;,\n]/)) {
    const t = part.trim().replace(/\s+/g, ' ');
    if (!t || seen.has(t.toLowerCase())) continue;
    seen.add(t.toLowerCase());
    out.push(t);
  }
  return out;
}
