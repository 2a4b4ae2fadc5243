// A tiny HTTP client for tests: keeps the session cookie, remembers every body (to look for secrets), and posts forms.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

export class TestClient {
  readonly bodies: string[] = [];
  cookie: string | undefined;

  constructor(readonly base: string) {}

  async send(path: string, init: RequestInit = {}): Promise<Reply> {
    const headers = new Headers(init.headers);
    if (this.cookie !== undefined && !headers.has('cookie')) headers.set('cookie', this.cookie);
    const response = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
    const text = await response.text();
    this.bodies.push(text, JSON.stringify([...response.headers]));
    const setCookie = response.headers.get('set-cookie');
    if (setCookie !== null) {
      const pair = setCookie.split(';')[0] ?? '';
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    return { status: response.status, headers: response.headers, text };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.send(path, { headers });
  }

  async json<T = unknown>(path: string): Promise<{ status: number; body: T }> {
    const reply = await this.get(path);
    return { status: reply.status, body: JSON.parse(reply.text) as T };
  }

  postForm(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Reply> {
    return this.send(path, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  }

  postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return this.send(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  }

  /** The CSRF token of the first form on a page. */
  static csrfOf(page: string): string {
    const match = /name="csrf" value="([^"]+)"/.exec(page);
    if (match?.[1] === undefined) throw new Error('no CSRF token on the page');
    return match[1];
  }

  /** Logs in with the token; returns the reply of the login POST. */
  async login(token: string): Promise<Reply> {
    const page = await this.get('/login');
    return this.postForm('/login', { csrf: TestClient.csrfOf(page.text), token, next: '/' });
  }
}

/** A raw GET with a chosen Host header (fetch does not let tests set it): its status and headers. */
export function getWithHost(url: string, host: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls a run's progress until it has ended. */
export async function waitForRun(client: TestClient, id: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const { body } = await client.json<{ endedAt?: string }>(`/api/runs/${id}/progress`);
    if (body.endedAt !== undefined) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`run ${id} did not end`);
}
