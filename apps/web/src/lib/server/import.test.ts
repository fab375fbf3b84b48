import { describe, expect, it } from 'vitest';
import { IMPORT_MAX_BYTES, bodySizeLimit, formatBytes, uploadLimit } from './import.js';

describe('the upload limit', () => {
  it('reads adapter-node’s BODY_SIZE_LIMIT the way it does, 512K by default', () => {
    expect(bodySizeLimit({})).toBe(512 * 1024);
    expect(bodySizeLimit({ BODY_SIZE_LIMIT: '2M' })).toBe(2 * 1024 * 1024);
    expect(bodySizeLimit({ BODY_SIZE_LIMIT: '300000' })).toBe(300000);
    expect(bodySizeLimit({ BODY_SIZE_LIMIT: 'Infinity' })).toBe(Number.POSITIVE_INFINITY);
  });

  it('stays under the server’s limit, leaving room for the form, and never above our own cap', () => {
    expect(uploadLimit({})).toBe(480 * 1024);
    expect(uploadLimit({ BODY_SIZE_LIMIT: 'Infinity' })).toBe(IMPORT_MAX_BYTES);
    expect(uploadLimit({ BODY_SIZE_LIMIT: '100M' })).toBe(IMPORT_MAX_BYTES);
    expect(formatBytes(uploadLimit({}))).toBe('480 KB');
    expect(formatBytes(IMPORT_MAX_BYTES)).toBe('10 MB');
  });
});
