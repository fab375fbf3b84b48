import type { DueState, RiskBand } from '@counterpoint/core';

/** Badge tones and words for the risk and spaces registers (list, pages and matrix). */

export const BAND_TONE: Record<RiskBand, string> = {
  low: 'success',
  moderate: 'accent',
  high: 'warning',
  very_high: 'danger',
};

export const SPACE_RATING_TONE: Record<string, string> = {
  low: 'success',
  medium: 'warning',
  high: 'danger',
};

export const RISK_STATUS_TONE: Record<string, string> = {
  open: 'warning',
  treating: 'accent',
  tolerated: '',
  closed: '',
};

export const SPACE_STATUS_TONE: Record<string, string> = {
  active: 'danger',
  monitoring: 'accent',
  closed: '',
};

export const ACTION_STATUS_TONE: Record<string, string> = {
  not_started: '',
  in_progress: 'accent',
  done: 'success',
  cancelled: '',
};

export const DUE_WORDS: Record<DueState, string> = {
  overdue: 'Overdue',
  due_soon: 'Due soon',
  on_track: '',
  none: '',
};
