/**
 * Tolerant parsing of the dates feeds actually carry: RFC 822 with or without weekday, seconds or a
 * numeric zone, named zones (GMT, EST, BST…), two-digit years, ISO 8601 / W3C-DTF with or without a
 * zone, Unix timestamps. Anything unreadable, or outside 1970–2200, is `undefined`, never an error.
 */
const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  sept: 8,
  oct: 9,
  nov: 10,
  dec: 11,
  january: 0,
  february: 1,
  march: 2,
  april: 3,
  june: 5,
  july: 6,
  august: 7,
  september: 8,
  october: 9,
  november: 10,
  december: 11,
};

/** Offsets in minutes east of UTC. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  bst: 60,
  ist: 60,
  cet: 60,
  met: 60,
  cest: 120,
  mest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const z = zone.trim();
  const num = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (num) return (num[1] === '-' ? -1 : 1) * (Number(num[2]) * 60 + Number(num[3]));
  const named = ZONES[z.toLowerCase()];
  return named;
}

function fromParts(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  off: number,
): Date | undefined {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo, d, h, mi, Math.min(s, 59)) - off * 60_000;
  return sane(new Date(t));
}

function sane(d: Date): Date | undefined {
  const y = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || y < 1970 || y > 2200 ? undefined : d;
}

function year(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 70 ? 2000 + n : 1900 + n;
  return n;
}

export function parseFeedDate(input: unknown): Date | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  const s = String(input).trim().replace(/\s+/g, ' ');
  if (!s) return undefined;

  if (/^\d{9,10}$/.test(s)) return sane(new Date(Number(s) * 1000));
  if (/^\d{12,13}$/.test(s)) return sane(new Date(Number(s)));

  const iso =
    /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)? ?(Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?$/i.exec(
      s,
    );
  if (iso) {
    const off = offsetMinutes(iso[7]);
    if (off === undefined) return undefined;
    return fromParts(
      Number(iso[1]),
      Number(iso[2]) - 1,
      Number(iso[3]),
      Number(iso[4] ?? 0),
      Number(iso[5] ?? 0),
      Number(iso[6] ?? 0),
      off,
    );
  }
  const isoDay = /^(\d{4})-(\d{2})$/.exec(s);
  if (isoDay) return fromParts(Number(isoDay[1]), Number(isoDay[2]) - 1, 1, 0, 0, 0, 0);

  // RFC 822 and relatives: "Tue, 10 Jun 2003 04:00:00 GMT", "10 June 2003 4:00 +0100", "Tue 10-Jun-03 04:00"
  const rfc =
    /^(?:[A-Za-z]{2,10}\.?,? ?)?(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{2,4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?)? ?(?:([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})(?: ?\([^)]*\))?)?$/i.exec(
      s,
    );
  if (rfc) {
    const mo = MONTHS[rfc[2]?.toLowerCase() ?? ''];
    const off = offsetMinutes(rfc[8]) ?? 0;
    if (mo === undefined) return undefined;
    let h = Number(rfc[4] ?? 0);
    if (rfc[7]?.toUpperCase() === 'PM' && h < 12) h += 12;
    if (rfc[7]?.toUpperCase() === 'AM' && h === 12) h = 0;
    return fromParts(
      year(rfc[3] ?? ''),
      mo,
      Number(rfc[1]),
      h,
      Number(rfc[5] ?? 0),
      Number(rfc[6] ?? 0),
      off,
    );
  }
  // "Jun 10, 2003 04:00:00 GMT" / "Tue Jun 10 2003 04:00:00 GMT+0000"
  const us =
    /^(?:[A-Za-z]{2,10},? )?([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?)? ?(?:(?:GMT|UTC)?([+-]\d{2}:?\d{2})|([A-Za-z]{1,5}))?(?: ?\([^)]*\))?$/i.exec(
      s,
    );
  if (us) {
    const mo = MONTHS[us[1]?.toLowerCase() ?? ''];
    if (mo === undefined) return undefined;
    const off = offsetMinutes(us[8] ?? us[9]) ?? 0;
    let h = Number(us[4] ?? 0);
    if (us[7]?.toUpperCase() === 'PM' && h < 12) h += 12;
    if (us[7]?.toUpperCase() === 'AM' && h === 12) h = 0;
    return fromParts(Number(us[3]), mo, Number(us[2]), h, Number(us[5] ?? 0), Number(us[6] ?? 0), off);
  }
  const fallback = Date.parse(s);
  return Number.isNaN(fallback) ? undefined : sane(new Date(fallback));
}
