import { alertSummary, alertTitle, type AlertFacts } from '@counterpoint/core';

/**
 * The e-mail digest of alerts for one subscriber: a subject that says how many and where, a plain
 * text body, and a simple HTML body with every value escaped. Links go to the workbench, where the
 * reader signs in; the mail itself carries counts only, never post content or authors.
 */

export interface DigestAlert extends AlertFacts {
  alertId: string;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function digestSubject(alerts: readonly DigestAlert[]): string {
  if (alerts.length === 1) return `Counterpoint alert — ${alertTitle(alerts[0]!)}`;
  return `Counterpoint: ${alerts.length} new alerts`;
}

export function renderDigest(
  recipientName: string,
  alerts: readonly DigestAlert[],
  origin: string,
): { subject: string; text: string; html: string } {
  const link = `${origin.replace(/\/$/, '')}/alerts`;
  const settings = `${link}/settings`;
  const lines = [
    `Hello ${recipientName},`,
    '',
    alerts.length === 1
      ? 'Counterpoint raised an alert you subscribed to:'
      : `Counterpoint raised ${alerts.length} alerts you subscribed to:`,
    '',
    ...alerts.flatMap((a) => [`• ${alertTitle(a)}`, `  ${alertSummary(a)}`, '']),
    'An alert is a prompt to look, not a finding: review the posts in the workbench before acting.',
    '',
    `Open alerts: ${link}`,
    `Change what you receive: ${settings}`,
  ];
  const items = alerts
    .map(
      (a) =>
        `<li style="margin-bottom:12px"><strong>${escapeHtml(alertTitle(a))}</strong><br>${escapeHtml(alertSummary(a))}</li>`,
    )
    .join('');
  const html = `<!doctype html><html lang="en-GB"><body style="font-family:system-ui,sans-serif;color:#1d2925;line-height:1.5">
<p>Hello ${escapeHtml(recipientName)},</p>
<p>${alerts.length === 1 ? 'Counterpoint raised an alert you subscribed to:' : `Counterpoint raised ${alerts.length} alerts you subscribed to:`}</p>
<ul style="padding-left:20px">${items}</ul>
<p style="color:#55625c">An alert is a prompt to look, not a finding: review the posts in the workbench before acting.</p>
<p><a href="${escapeHtml(link)}">Open alerts</a> · <a href="${escapeHtml(settings)}">Change what you receive</a></p>
</body></html>`;
  return { subject: digestSubject(alerts), text: lines.join('\n'), html };
}
