// Tests of the Redactor: configured secrets and well-known secret patterns in text, URLs and headers.
import { describe, expect, it } from 'vitest';
import { Redactor } from './redact.js';

const SECRET = 'S3cr3t-T0ken-9f8e7d6c5b4a';

describe('Redactor', () => {
  const redactor = new Redactor([SECRET]);

  it('replaces configured secrets, also URL-encoded', () => {
    expect(redactor.text(`a ${SECRET} b ${encodeURIComponent(SECRET)}`)).toBe('a [REDACTED] b [REDACTED]');
  });

  it('hides userinfo, secret query parameters, JSON secret fields and auth schemes', () => {
    expect(redactor.text('see https://bob:hunter2@host/x?api_key=abc&page=2&token=zzz;')).toBe('see https://[REDACTED]@host/x?api_key=[REDACTED]&page=2&token=[REDACTED];');
    expect(redactor.text('{"password": "pw", "name": "x", "api_key":"k"}')).toBe('{"password": "[REDACTED]", "name": "x", "api_key":"[REDACTED]"}');
    expect(redactor.text('Authorization: Bearer abc1defghijkl')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactor.text('Token authentication failed')).toBe('Token authentication failed');
  });

  it('redacts URLs and headers', () => {
    expect(redactor.url('https://u:p@h.example/a?secret=1&q=2')).toBe('https://h.example/a?secret=[REDACTED]&q=2');
    expect(redactor.headers({ Authorization: 'x', 'X-API-Key': 'y', Accept: `json ${SECRET}` })).toEqual({
      Authorization: '[REDACTED]',
      'X-API-Key': '[REDACTED]',
      Accept: 'json [REDACTED]',
    });
  });
});

describe('Redactor.value', () => {
  it('redacts the strings inside arrays and plain objects, keeping other values', () => {
    const at = new Date(0);
    const redactor = new Redactor([SECRET]);
    expect(redactor.value({ url: `https://u:pw@h/?token=${SECRET}`, list: [SECRET, 3], at, n: 1, none: null })).toEqual({ url: 'https://[REDACTED]@h/?token=[REDACTED]', list: ['[REDACTED]', 3], at, n: 1, none: null });
  });
});
