/**
 * Password rules for people who sign in to a safeguarding tool. Following NCSC guidance: length
 * over composition rules, and refuse what an attacker tries first (the commonest passwords, the
 * product's own name, the person's own e-mail or name). No forced periodic changes.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

// The passwords tried first in credential-stuffing lists, in the lengths our minimum lets through,
// plus the ones a person at this partnership would reach for.
const COMMON = new Set([
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'qwertyuiopasdf',
  'qwertyuiop123',
  '123456789012',
  '1234567890123',
  '12345678901234',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'welcome123456',
  'changeme1234',
  'administrator',
  'administrator1',
  'counterpoint',
  'counterpoint1',
  'counterpoint123',
  'safeguarding1',
  'safeguarding123',
  'prevent12345',
]);

export interface PasswordContext {
  email?: string;
  name?: string;
}

/** Plain-English reasons a password is refused; empty when it is acceptable. */
export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    problems.push(`Keep it under ${MAX_PASSWORD_LENGTH} characters.`);
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[^a-z0-9]/g, ''))) {
    problems.push('That password is one of the first an attacker would try. Choose another.');
  }
  if (password.length > 0 && new Set(password).size < 4) {
    problems.push('Use more than three different characters.');
  }
  // Only a password that is little more than the person's own e-mail or name is refused: a
  // passphrase that happens to contain a word of either is fine.
  const bare = lower.replace(/[^a-z0-9]/g, '').replace(/\d+$/, '');
  const email = context.email?.trim().toLowerCase() ?? '';
  const local = email.split('@')[0]?.replace(/[^a-z0-9]/g, '') ?? '';
  if ((email && lower.includes(email)) || (local.length > 0 && bare === local)) {
    problems.push('Don’t use your e-mail address as your password.');
  }
  const name = (context.name ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (name.length > 0 && bare === name) problems.push('Don’t use your name as your password.');
  return problems;
}
