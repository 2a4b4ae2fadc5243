import { describe, expect, it } from 'vitest';
import { DashboardAuth, isLoopback, loopbackHostHeader, sameOrigin } from './security.js';

describe('DashboardAuth', () => {
  it('checks the token and bearer headers', () => {
    const auth = new DashboardAuth('s3cret-token');
    expect(auth.enabled).toBe(true);
    expect(auth.checkToken('s3cret-token')).toBe(true);
    expect(auth.checkToken('s3cret-tokem')).toBe(false);
    expect(auth.checkToken(undefined)).toBe(false);
    expect(auth.checkBearer('Bearer s3cret-token')).toBe(true);
    expect(auth.checkBearer('bearer  s3cret-token')).toBe(true);
    expect(auth.checkBearer('Basic s3cret-token')).toBe(false);
    expect(auth.checkBearer(undefined)).toBe(false);
  });

  it('signs sessions and derives CSRF tokens per session and per process', () => {
    const auth = new DashboardAuth('t');
    const session = auth.newSession();
    const nonce = auth.verifySession(session);
    expect(nonce).toBeDefined();
    expect(auth.verifySession(`${nonce}.forged`)).toBeUndefined();
    expect(auth.verifySession('garbage')).toBeUndefined();
    expect(auth.checkCsrf(nonce, auth.csrfToken(nonce))).toBe(true);
    expect(auth.checkCsrf(nonce, auth.csrfToken(undefined))).toBe(false);
    expect(auth.checkCsrf(auth.verifySession(auth.newSession()), auth.csrfToken(nonce))).toBe(false);
    const restarted = new DashboardAuth('t');
    expect(restarted.verifySession(session)).toBeUndefined();
  });

  it('accepts nothing without a token', () => {
    const auth = new DashboardAuth('');
    expect(auth.enabled).toBe(false);
    expect(auth.checkToken('')).toBe(false);
    expect(auth.verifySession(auth.newSession())).toBeUndefined();
  });
});

describe('origin and host checks', () => {
  it('refuses cross-origin requests', () => {
    expect(sameOrigin({ origin: 'http://127.0.0.1:4100', host: '127.0.0.1:4100' })).toBe(true);
    expect(sameOrigin({ origin: 'http://evil.example', host: '127.0.0.1:4100' })).toBe(false);
    expect(sameOrigin({ origin: 'null', host: '127.0.0.1:4100' })).toBe(false);
    expect(sameOrigin({ host: '127.0.0.1:4100', secFetchSite: 'cross-site' })).toBe(false);
    expect(sameOrigin({ host: '127.0.0.1:4100', secFetchSite: 'same-origin' })).toBe(true);
    expect(sameOrigin({ host: '127.0.0.1:4100' })).toBe(true);
  });

  it('knows loopback hosts', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(loopbackHostHeader('localhost:4100')).toBe(true);
    expect(loopbackHostHeader('[::1]:4100')).toBe(true);
    expect(loopbackHostHeader('127.0.0.1')).toBe(true);
    expect(loopbackHostHeader('evil.example:4100')).toBe(false);
    expect(loopbackHostHeader('127.0.0.1.evil.example')).toBe(false);
    expect(loopbackHostHeader(undefined)).toBe(false);
  });
});
