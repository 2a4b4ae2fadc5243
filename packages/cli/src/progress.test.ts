import type { RunEvent, StepName, StepRecord } from '@ssot/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeTerminal } from './__fixtures__/terminal.js';
import { LogOutput } from './log-output.js';
import { createLogger } from './logger.js';
import { createProgressView } from './progress.js';

const step = (name: StepRecord['name'], status: StepRecord['status'] = 'succeeded', durationMs = 1234): StepRecord => ({
  name,
  status,
  startedAt: new Date().toISOString(),
  durationMs,
  memory: { endRss: 100 * 2 ** 20, peakRss: 150 * 2 ** 20, endHeapUsed: 1, peakHeapUsed: 2 },
});
const progress = (stepName: StepName, model: string, current: number, total?: number): RunEvent =>
  total === undefined ? { type: 'progress', step: stepName, model, current } : { type: 'progress', step: stepName, model, current, total };

const events: RunEvent[] = [
  { type: 'step-start', step: 'loadSource' },
  progress('loadSource', 'interface', 5000, 20000),
  progress('loadSource', 'interface', 20000, 20000),
  progress('loadSource', 'site', 3, 3),
  { type: 'step-end', step: step('loadSource') },
  { type: 'step-end', step: { ...step('executeSync', 'skipped', 0), memory: undefined } as StepRecord },
];

/** Node's colour rules read the environment: start every test from a plain terminal's. */
function terminalEnv(overrides: Record<string, string> = {}): void {
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS', 'CI', 'TMUX', 'COLORTERM', 'TERM_PROGRAM']) vi.stubEnv(name, undefined);
  vi.stubEnv('TERM', 'xterm-256color');
  for (const [name, value] of Object.entries(overrides)) vi.stubEnv(name, value);
}

/** The screen line that starts with a label (bars start with a space, then the label). */
const lineOf = (screen: string[], label: string): string | undefined => screen.find((line) => line.startsWith(` ${label} `));

beforeEach(() => {
  terminalEnv({ NO_COLOR: '1' });
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('progress view on a pipe', () => {
  it('writes one plain line per step, and large models', () => {
    const term = fakeTerminal(false);
    const view = createProgressView(term.stream);
    for (const event of events) view.onEvent(event);
    view.stop();
    expect(view.log).toBeUndefined();
    expect(term.written()).toBe('load source...\n  interface: 20000\nload source succeeded (1.2s, peak 150 MiB)\nsync skipped\n');
  });
});

describe('progress view on a terminal', () => {
  it('draws a bar per step and per large model, and the outcome of each step', () => {
    const term = fakeTerminal(true);
    const view = createProgressView(term.stream);
    for (const event of events) view.onEvent(event);
    view.stop();
    const screen = term.screen();
    expect(lineOf(screen, 'load source')).toMatch(/100% \| 20003\/20003 \| succeeded in 1\.2s, peak 150 MiB$/);
    expect(lineOf(screen, '  source: interface')).toMatch(/100% \| 20000\/20000 \| 0ms$/);
    expect(lineOf(screen, 'sync')).toMatch(/\| skipped$/);
    expect(screen.some((line) => line.includes(': site'))).toBe(false);
  });

  it('moves the sync bar as batches are written: its total is every change of every model, with elapsed time, rate and ETA', () => {
    const term = fakeTerminal(true);
    const view = createProgressView(term.stream);
    view.onEvent({ type: 'step-start', step: 'executeSync' });
    // Core reports each model's total before the first write.
    view.onEvent(progress('executeSync', 'device', 0, 200));
    view.onEvent(progress('executeSync', 'interface', 0, 3000));
    vi.advanceTimersByTime(1000);
    expect(lineOf(term.screen(), 'sync')).toMatch(/ 0% \| 0\/3200 \| 1s$/);
    view.onEvent(progress('executeSync', 'device', 200, 200));
    view.onEvent(progress('executeSync', 'interface', 250, 3000));
    vi.advanceTimersByTime(1000);
    let screen = term.screen();
    expect(lineOf(screen, 'sync')).toMatch(/ 14% \| 450\/3200 \| 2s \| 225\/s \| ETA 12s$/);
    expect(lineOf(screen, '  sync: interface')).toMatch(/ 8% \| 250\/3000 \| 2s \| 125\/s \| ETA 22s$/);
    view.onEvent(progress('executeSync', 'interface', 3000, 3000));
    view.onEvent({ type: 'step-end', step: step('executeSync', 'succeeded', 3000) });
    view.stop();
    screen = term.screen();
    expect(lineOf(screen, 'sync')).toMatch(/100% \| 3200\/3200 \| succeeded in 3s, peak 150 MiB$/);
    expect(lineOf(screen, '  sync: interface')).toMatch(/100% \| 3000\/3000 \| 2s$/);
  });

  it('counts records while a step has no total yet, and gives the diff the records loaded on both sides as its total', () => {
    const term = fakeTerminal(true);
    const view = createProgressView(term.stream);
    view.onEvent({ type: 'step-start', step: 'loadTarget' });
    vi.advanceTimersByTime(1000);
    view.onEvent(progress('loadTarget', 'interface', 5000));
    vi.advanceTimersByTime(1000);
    expect(lineOf(term.screen(), 'load target')).toMatch(/ \| 5000 records \| 2s \| 2500\/s$/);
    view.onEvent(progress('loadTarget', 'interface', 8000, 8000));
    view.onEvent({ type: 'step-end', step: step('loadTarget') });
    view.onEvent({ type: 'step-start', step: 'calculateDiff' });
    vi.advanceTimersByTime(500);
    expect(lineOf(term.screen(), 'diff')).toMatch(/ 0% \| 0\/8000 \| 500ms$/);
    view.stop();
  });

  it('prints log lines above the bars, never over them', () => {
    const term = fakeTerminal(true);
    const view = createProgressView(term.stream);
    const output = new LogOutput(term.stream);
    const logger = createLogger({ level: 'info', format: 'pretty', output });
    const restore = output.divert(view.log ?? (() => undefined));
    view.onEvent({ type: 'step-start', step: 'loadTarget' });
    view.onEvent(progress('loadTarget', 'interface', 5000));
    vi.advanceTimersByTime(300);
    logger.warn({ backend: 'test-server' }, 'MongoDB test server (not MongoDB) at mongodb://127.0.0.1:40000/, data kept in .ssot/mongodb');
    vi.advanceTimersByTime(300);
    createLogger({ level: 'info', format: 'json', output }).info({ job: 'acme' }, 'Running acme');
    view.onEvent({ type: 'step-end', step: step('loadTarget') });
    view.stop();
    restore();
    const screen = term.screen();
    const warning = screen.findIndex((line) => /^\[\d\d:\d\d:\d\d\] WARN: MongoDB test server \(not MongoDB\) at mongodb:\/\/127\.0\.0\.1:40000\/, data kept in \.ssot\/mongodb$/.test(line));
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(screen[warning + 1]).toBe('    backend: "test-server"');
    const json = screen.findIndex((line) => line.startsWith('{'));
    expect(JSON.parse(screen[json] ?? '')).toMatchObject({ level: 30, job: 'acme', msg: 'Running acme' });
    const bar = screen.findIndex((line) => line.startsWith(' load target '));
    expect(bar).toBeGreaterThan(json);
    expect(screen[bar]).toMatch(/100% \| 5000\/5000 \| succeeded in 1\.2s, peak 150 MiB$/);
    expect(screen[bar + 1]).toMatch(/^ {3}target: interface +░+ +\| 5000 records \| 600ms$/);
    // Nothing else on the screen: no bar fragment beside a log line, no log text inside a bar.
    expect(screen.filter((line) => line !== '')).toHaveLength(5);
    // After the view, lines go straight to the stream again.
    output.write('after\n');
    expect(term.written().endsWith('after\n')).toBe(true);
  });
});

describe('progress colours', () => {
  it('colours step statuses on a terminal, and not with NO_COLOR', () => {
    terminalEnv();
    const coloured = fakeTerminal(true);
    let view = createProgressView(coloured.stream);
    view.onEvent({ type: 'step-end', step: step('loadSource', 'failed') });
    view.stop();
    expect(coloured.written()).toContain('\x1b[31mfailed\x1b[39m');
    terminalEnv({ NO_COLOR: '1' });
    const plain = fakeTerminal(true);
    view = createProgressView(plain.stream);
    view.onEvent({ type: 'step-end', step: step('loadSource', 'failed') });
    view.stop();
    // eslint-disable-next-line no-control-regex
    expect(plain.written()).not.toMatch(/\x1b\[3\dm/);
  });

  it('colours the plain lines on a pipe only with FORCE_COLOR', () => {
    terminalEnv();
    const piped = fakeTerminal(false);
    createProgressView(piped.stream).onEvent({ type: 'step-end', step: step('loadSource', 'failed') });
    expect(piped.written()).toBe('load source failed (1.2s, peak 150 MiB)\n');
    terminalEnv({ FORCE_COLOR: '1' });
    const forced = fakeTerminal(false);
    createProgressView(forced.stream).onEvent({ type: 'step-end', step: step('loadSource', 'failed') });
    expect(forced.written()).toBe('load source \x1b[31mfailed\x1b[39m (1.2s, peak 150 MiB)\n');
  });
});
