import { afterEach, describe, expect, it, vi } from 'vitest';
import { syncRecord } from './__fixtures__/sync-record.js';
import { fakeTerminal } from './__fixtures__/terminal.js';
import { paletteFor, plainPalette } from './colors.js';
import { formatRunSummary } from './format-run.js';

/** Node's colour rules read the environment: a plain terminal's, plus the given variables. */
function env(overrides: Record<string, string> = {}): void {
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS', 'CI', 'TMUX', 'COLORTERM', 'TERM_PROGRAM']) vi.stubEnv(name, undefined);
  vi.stubEnv('TERM', 'xterm-256color');
  for (const [name, value] of Object.entries(overrides)) vi.stubEnv(name, value);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const record = syncRecord({
  status: 'failed',
  steps: [{ name: 'loadSource', status: 'succeeded', startedAt: '2026-01-01T10:00:00.000Z', durationMs: 2500 }],
  summary: { create: 2, update: 1, delete: 1, noChange: 3, skip: 0 },
});

describe('colour', () => {
  it('is on for a terminal: statuses, actions and headers', () => {
    env();
    const palette = paletteFor(fakeTerminal(true).stream);
    expect(palette.enabled).toBe(true);
    expect(palette.status('succeeded')).toBe('\x1b[32msucceeded\x1b[39m');
    expect(palette.status('failed')).toBe('\x1b[31mfailed\x1b[39m');
    expect(palette.status('blocked')).toBe('\x1b[33mblocked\x1b[39m');
    expect(palette.action('create', '+')).toBe('\x1b[32m+\x1b[39m');
    expect(palette.action('delete')).toBe('\x1b[31mdelete\x1b[39m');
    expect(palette.header('step')).toBe('\x1b[1mstep\x1b[22m');
    const summary = formatRunSummary(record, 'files in .ssot/runs', palette);
    expect(summary).toContain('status    \x1b[31mfailed\x1b[39m');
    expect(summary).toContain('\x1b[1mstep\x1b[22m');
    expect(summary).toContain('\x1b[33mupdate\x1b[39m');
  });

  it('is off on a terminal with NO_COLOR', () => {
    env({ NO_COLOR: '1' });
    const palette = paletteFor(fakeTerminal(true).stream);
    expect(palette.enabled).toBe(false);
    expect(palette.status('failed')).toBe('failed');
    expect(formatRunSummary(record, 'files', palette)).toBe(formatRunSummary(record, 'files', plainPalette));
  });

  it('is off through a pipe, unless FORCE_COLOR asks for it', () => {
    env();
    expect(paletteFor(fakeTerminal(false).stream).enabled).toBe(false);
    env({ FORCE_COLOR: '1' });
    expect(paletteFor(fakeTerminal(false).stream).status('failed')).toBe('\x1b[31mfailed\x1b[39m');
    env({ FORCE_COLOR: '0' });
    expect(paletteFor(fakeTerminal(true).stream).enabled).toBe(false);
  });

  it('keeps tables aligned when cells are coloured', () => {
    env();
    const palette = paletteFor(fakeTerminal(true).stream);
    // eslint-disable-next-line no-control-regex
    const strip = (text: string): string => text.replace(/\x1b\[\d+m/g, '');
    expect(strip(formatRunSummary(record, 'files', palette))).toBe(formatRunSummary(record, 'files', plainPalette));
  });
});
