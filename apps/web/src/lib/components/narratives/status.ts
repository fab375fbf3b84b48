/** How each derived narrative status reads and looks (badge tone), shared by list and page. */
export const STATUS_TONE: Record<string, string> = {
  emerging: 'warning',
  active: 'accent',
  declining: '',
  dormant: '',
};

export const STATUS_HELP: Record<string, string> = {
  emerging: 'First seen within the last 14 days',
  active: 'Seen in the last 28 days, holding steady',
  declining: 'The last 7 days are well below the weekly rate of the 21 days before',
  dormant: 'Nothing seen for more than 28 days',
};

/** Parts of a meta line joined with middle dots, empty parts left out (no markup whitespace to lose). */
export function dotted(...parts: Array<string | null | undefined | false>): string {
  return parts.filter((p): p is string => Boolean(p)).join(' · ');
}
