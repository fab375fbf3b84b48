import { ROLE_LABELS, ROLES, isDomainError } from '@counterpoint/core';
import {
  MIN_PASSWORD_LENGTH,
  auditChainStatus,
  createUser,
  listRecentAudit,
  listUsers,
} from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { database } from '$lib/server/db.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
  const db = await database();
  const [users, chain, recent] = await Promise.all([
    listUsers(db),
    // The latest full walk plus the entries since: re-hashing the whole trail here took seconds.
    auditChainStatus(db),
    listRecentAudit(db, 8),
  ]);
  return {
    title: 'Admin',
    users: users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      roleLabel: ROLE_LABELS[u.role as keyof typeof ROLE_LABELS] ?? u.role,
      organisation: u.organisation,
      disabled: u.disabled,
      createdAt: u.createdAt,
    })),
    roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
    chain,
    recent,
    minPassword: MIN_PASSWORD_LENGTH,
  };
};

const addUser = z.object({
  name: z.string().trim().min(1, 'Enter the person’s name.').max(120, 'Keep the name under 120 characters.'),
  email: z
    .string()
    .trim()
    .min(1, 'Enter an e-mail address.')
    .email('Enter an e-mail address like name@example.org.'),
  role: z.enum(ROLES, { message: 'Choose a role.' }),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(200, 'Keep the password under 200 characters.'),
});

type Field = 'name' | 'email' | 'role' | 'password';

export const actions: Actions = {
  // Permission (users:manage) was checked by the hook from routes.ts before this runs.
  addUser: async ({ request, locals }) => {
    const raw = Object.fromEntries(await request.formData());
    const values = {
      name: typeof raw.name === 'string' ? raw.name : '',
      email: typeof raw.email === 'string' ? raw.email : '',
      role: typeof raw.role === 'string' ? raw.role : '',
    };
    const parsed = addUser.safeParse(raw);
    if (!parsed.success) {
      const fe = z.flattenError(parsed.error).fieldErrors;
      const errors: Partial<Record<Field, string>> = {
        name: fe.name?.[0],
        email: fe.email?.[0],
        role: fe.role?.[0],
        password: fe.password?.[0],
      };
      return fail(400, {
        addUser: { values, errors, message: 'The person was not added. Check the fields below.' },
      });
    }
    const actor = locals.user!;
    try {
      const user = await createUser(await database(), { id: actor.id, label: actor.email }, parsed.data);
      return {
        addUser: { added: { name: user.name, email: user.email, roleLabel: ROLE_LABELS[parsed.data.role] } },
      };
    } catch (e) {
      if (isDomainError(e) && (e.code === 'conflict' || e.code === 'invalid_input')) {
        const field = (e.details?.field as Field | undefined) ?? 'email';
        return fail(e.code === 'conflict' ? 409 : 400, {
          addUser: { values, errors: { [field]: e.message }, message: 'The person was not added.' },
        });
      }
      throw e;
    }
  },
};
