import { hasNul, isId, isPlausibleParam, nulMessage } from '@counterpoint/core';

/**
 * The checks every request passes before a load or form action sees it, so no action has to
 * remember them and no database error becomes a 500:
 *
 *  - Route parameters: an `[id]` must be one of our ids (`sig_01…`), and no parameter may hold a
 *    control character or an unpaired surrogate. Anything else names nothing: 404.
 *  - Form posts: the body must parse as a form, and no field name or text value may hold U+0000,
 *    which PostgreSQL text cannot store: a 400 with words for the person. Uploaded files are
 *    checked by the import that reads them.
 */

export interface InputRefusal {
  status: 400 | 404;
  message: string;
}

const NOT_FOUND: InputRefusal = {
  status: 404,
  message: 'There is nothing at this address. The link may be mistyped or cut short.',
};

export function checkParams(params: Partial<Record<string, string>>): InputRefusal | null {
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (!isPlausibleParam(value)) return NOT_FOUND;
    if (name === 'id' && !isId(value)) return NOT_FOUND;
  }
  return null;
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function contentType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Reads a copy of a form post's body (the action still reads the original). Bodies that are not
 * forms are left to SvelteKit, which answers a form action with 415.
 */
export async function checkFormBody(request: Request): Promise<InputRefusal | null> {
  if (!FORM_TYPES.includes(contentType(request))) return null;
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return {
      status: 400,
      message:
        'The form could not be read: the request was cut short or is not form data. Send it again from the page.',
    };
  }
  const withNul: string[] = [];
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      if (hasNul(name) || hasNul(value))
        withNul.push(name.replaceAll('\u0000', '').slice(0, 40) || 'unnamed');
    }
    // Uploaded files are left to the action that reads them: each refuses binary and non-UTF-8
    // files in its own words and in the place its page shows import problems.
  }
  return withNul.length > 0 ? { status: 400, message: nulMessage(withNul.slice(0, 5)) } : null;
}
