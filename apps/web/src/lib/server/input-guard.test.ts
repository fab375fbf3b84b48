import { describe, expect, it } from 'vitest';
import { checkFormBody, checkParams } from './input-guard.js';

const post = (body: BodyInit, type?: string) =>
  new Request('http://x/signals/sig_01arz3ndektsv4rrffq69g5fav?/note', {
    method: 'POST',
    body,
    ...(type ? { headers: { 'content-type': type } } : {}),
  });

describe('checkParams', () => {
  it('lets our ids and plain tokens through', () => {
    expect(checkParams({ id: 'sig_01arz3ndektsv4rrffq69g5fav' })).toBeNull();
    expect(checkParams({ token: 'abc-DEF_123' })).toBeNull();
    expect(checkParams({})).toBeNull();
  });

  it('answers 404 for an id not in our format, a control character or a lone surrogate', () => {
    for (const params of [
      { id: 'x' },
      { id: 'SIG_01ARZ3NDEKTSV4RRFFQ69G5FAV' },
      { id: 'sig_01arz3ndektsv4rrffq69g5fa\u0000' },
      { token: 'a\u0000b' },
      { token: '\ud800' },
      { token: 'line\nfeed' },
    ]) {
      const refusal = checkParams(params);
      expect(refusal?.status, JSON.stringify(params)).toBe(404);
      expect(refusal?.message).toMatch(/nothing at this address/);
    }
  });
});

describe('checkFormBody', () => {
  it('passes ordinary forms and leaves non-form bodies to SvelteKit', async () => {
    const form = new FormData();
    form.append('note', 'A note with “quotes”, emoji 😀 and a tab\there.');
    expect(await checkFormBody(post(form))).toBeNull();
    expect(await checkFormBody(post(new URLSearchParams({ reason: 'fine' })))).toBeNull();
    expect(await checkFormBody(post('{"a":"\\u0000"}', 'application/json'))).toBeNull();
  });

  it('refuses a NUL in a value or a name, naming the field, and leaves the body for the action', async () => {
    const form = new FormData();
    form.append('title', 'ok');
    form.append('summary', 'pasted\u0000text');
    const request = post(form);
    const refusal = await checkFormBody(request);
    expect(refusal?.status).toBe(400);
    expect(refusal?.message).toMatch(/NUL character \(U\+0000\), which cannot be stored \(summary\)/);
    expect((await request.formData()).get('title')).toBe('ok');
    const named = await checkFormBody(post(new URLSearchParams([['re\u0000ason', 'x']])));
    expect(named?.message).toMatch(/\(reason\)/);
  });

  it('leaves uploaded files to their import and refuses a body that is not a form', async () => {
    // The import that reads a file refuses binary content in its own words, where its page shows them.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([0xff, 0xfe, 0x6e, 0x00, 0x61, 0x00])]), 'contacts.csv');
    expect(await checkFormBody(post(form))).toBeNull();
    const broken = await checkFormBody(post('--x\r\nbroken', 'multipart/form-data; boundary=x'));
    expect(broken?.status).toBe(400);
    expect(broken?.message).toMatch(/could not be read/);
    expect(await checkFormBody(post('a=b', 'text/plain'))).toMatchObject({ status: 400 });
  });
});
