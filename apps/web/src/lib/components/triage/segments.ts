/**
 * Splits a post's text into plain and highlighted segments from the scorer's spans, so the page
 * renders it as TEXT (Svelte escapes each segment) and never as HTML: remote content can hold
 * anything, including markup meant to run.
 */

export interface Span {
  start: number;
  end: number;
  phrase: string;
  category: string;
  weight: number;
  suppressed?: string;
}

export interface Segment {
  text: string;
  /** The spans this segment highlights (several when matches overlap); absent for plain text. */
  spans?: Span[];
}

export function segmentText(text: string, spans: readonly Span[]): Segment[] {
  const valid = spans
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end > s.start)
    .map((s) => ({ ...s, end: Math.min(s.end, text.length) }))
    .filter((s) => s.start < text.length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let pos = 0;
  let current: { start: number; end: number; spans: Span[] } | undefined;
  const flush = () => {
    if (!current) return;
    out.push({ text: text.slice(current.start, current.end), spans: current.spans });
    pos = current.end;
    current = undefined;
  };
  for (const s of valid) {
    // An overlapping match joins the mark it overlaps, so the tooltip lists both terms.
    if (current && s.start < current.end) {
      current.end = Math.max(current.end, s.end);
      current.spans.push(s);
      continue;
    }
    flush();
    if (s.start > pos) out.push({ text: text.slice(pos, s.start) });
    current = { start: Math.max(s.start, pos), end: s.end, spans: [s] };
  }
  flush();
  if (pos < text.length) out.push({ text: text.slice(pos) });
  return out;
}

/** The tooltip's words for one mark. */
export function describeSpan(s: Span): string {
  const base = `“${s.phrase}” · ${s.category.replace(/_/g, ' ')} · weight ${s.weight.toFixed(2)}`;
  return s.suppressed ? `${base} · suppressed: ${s.suppressed}` : base;
}
