import { londonDay, parseRiskInput, riskBand, suggestedReviewOn, type RiskInput } from '@counterpoint/core';

export interface RiskFormValues {
  title: string;
  description: string;
  districtId: string;
  likelihood: string;
  impact: string;
  ownerId: string;
  reviewOn: string;
}

/** The risk form's values as typed, kept on a refused submit so nothing is lost. */
export function readRiskForm(form: FormData): RiskFormValues {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '';
  };
  return {
    title: text('title'),
    description: text('description'),
    districtId: text('districtId'),
    likelihood: text('likelihood'),
    impact: text('impact'),
    ownerId: text('ownerId'),
    reviewOn: text('reviewOn'),
  };
}

/** Checks the form; an empty review date is set from the rating's review interval. */
export function parseRiskForm(
  values: RiskFormValues,
  now = new Date(),
): { ok: true; input: RiskInput } | { ok: false; errors: Partial<Record<keyof RiskFormValues, string>> } {
  const parsed = parseRiskInput({ ...values });
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const input = parsed.value;
  return {
    ok: true,
    input: {
      ...input,
      reviewOn: input.reviewOn ?? suggestedReviewOn(riskBand(input.likelihood, input.impact), londonDay(now)),
    },
  };
}

export function riskFormValues(r: {
  title: string;
  description: string;
  districtId: string | null;
  likelihood: number;
  impact: number;
  ownerId: string | null;
  reviewOn: string | null;
}): RiskFormValues {
  return {
    title: r.title,
    description: r.description,
    districtId: r.districtId ?? '',
    likelihood: String(r.likelihood),
    impact: String(r.impact),
    ownerId: r.ownerId ?? '',
    reviewOn: r.reviewOn ?? '',
  };
}
