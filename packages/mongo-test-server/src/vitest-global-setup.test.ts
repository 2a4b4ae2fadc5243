// Tests for the vitest global setup helper (URI redaction and the MONGODB_URI passthrough).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestProject } from 'vitest/node';
import { redactUri, setup, teardown } from './vitest-global-setup.js';

describe('vitest global setup', () => {
  const original = process.env.MONGODB_URI;
  afterEach(() => {
    if (original === undefined) delete process.env.MONGODB_URI;
    else process.env.MONGODB_URI = original;
    vi.restoreAllMocks();
  });

  it('is assignable to a vitest globalSetup function', () => {
    const asGlobalSetup: (project: TestProject) => Promise<void> = setup;
    expect(typeof asGlobalSetup).toBe('function');
  });

  it('strips credentials from URIs', () => {
    expect(redactUri('mongodb://user:p%40ss@db.example:27017/app?tls=true')).toBe('mongodb://db.example:27017/app?tls=true');
    expect(redactUri('mongodb+srv://u:p@cluster.example/')).toBe('mongodb+srv://cluster.example/');
    expect(redactUri('mongodb://127.0.0.1:1234/')).toBe('mongodb://127.0.0.1:1234/');
  });

  it('uses an existing MONGODB_URI and logs it without credentials', async () => {
    process.env.MONGODB_URI = 'mongodb://admin:secret@example.invalid:27017/';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const provided: Record<string, unknown> = {};
    await setup({ provide: (k, v) => void (provided[k] = v) });
    expect(provided.mongodbUri).toBe('mongodb://admin:secret@example.invalid:27017/');
    expect(write).toHaveBeenCalledWith('MongoDB at mongodb://example.invalid:27017/\n');
    await teardown();
  });

  it('starts the test server when MONGODB_URI is not set', async () => {
    delete process.env.MONGODB_URI;
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const provided: Record<string, unknown> = {};
    await setup({ provide: (k, v) => void (provided[k] = v) });
    const uri = provided.mongodbUri as string;
    expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    expect(process.env.MONGODB_URI).toBe(uri);
    expect(write).toHaveBeenCalledWith(`MongoDB test server (not MongoDB) at ${uri}\n`);
    await teardown();
    expect(process.env.MONGODB_URI).toBeUndefined();
  });
});
