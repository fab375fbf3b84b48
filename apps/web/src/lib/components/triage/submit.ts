import { deserialize } from '$app/forms';
import { invalidateAll } from '$app/navigation';

export type DialogKind = 'dismiss' | 'escalate' | 'label' | 'note' | 'link';

export type Outcome = { ok: true; message?: string } | { ok: false; message: string };

/**
 * Posts a form to a SvelteKit action (any route's) and reads its result, for keyboard actions and
 * dialogs that act on a signal other than the page's own. The page's data is refreshed afterwards.
 */
export async function submitAction(action: string, data: FormData): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(action, {
      method: 'POST',
      body: data,
      headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
    });
  } catch {
    return { ok: false, message: 'The server could not be reached. Please try again.' };
  }
  const result = deserialize(await res.text());
  if (result.type === 'success') {
    await invalidateAll();
    const d = result.data as { message?: unknown } | undefined;
    return { ok: true, ...(typeof d?.message === 'string' ? { message: d.message } : {}) };
  }
  if (result.type === 'redirect') {
    await invalidateAll();
    return { ok: true };
  }
  if (result.type === 'failure') {
    const d = result.data as { message?: unknown } | undefined;
    await invalidateAll();
    return { ok: false, message: typeof d?.message === 'string' ? d.message : 'That did not work.' };
  }
  const err = result.error as { message?: unknown } | undefined;
  return { ok: false, message: typeof err?.message === 'string' ? err.message : 'Something went wrong.' };
}

/** True when a key press belongs to a text field or an open dialog, not to the page's shortcuts. */
export function typingIn(e: KeyboardEvent): boolean {
  if (e.altKey || e.ctrlKey || e.metaKey) return true;
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  if (t.closest('dialog[open]')) return true;
  const tag = t.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable;
}
