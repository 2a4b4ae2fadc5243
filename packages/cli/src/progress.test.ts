import { PassThrough } from 'node:stream';
import type { RunEvent, StepRecord } from '@ssot/core';
import { describe, expect, it } from 'vitest';
import { createProgressView } from './progress.js';

function stream(tty: boolean): { out: NodeJS.WriteStream; text: () => string } {
  const pass = new PassThrough();
  let written = '';
  pass.on('data', (chunk: Buffer) => (written += chunk.toString()));
  Object.assign(pass, { isTTY: tty, columns: 120, rows: 40, cursorTo: () => true, moveCursor: () => true, clearLine: () => true, clearScreenDown: () => true, getWindowSize: () => [120, 40] });
  return { out: pass as unknown as NodeJS.WriteStream, text: () => written };
}

const step = (name: StepRecord['name'], status: StepRecord['status'] = 'succeeded'): StepRecord => ({ name, status, startedAt: new Date().toISOString(), durationMs: 1234, memory: { endRss: 100 * 2 ** 20, peakRss: 150 * 2 ** 20, endHeapUsed: 1, peakHeapUsed: 2 } });

const events: RunEvent[] = [
  { type: 'step-start', step: 'loadSource' },
  { type: 'progress', step: 'loadSource', model: 'interface', current: 5000, total: 20000 },
  { type: 'progress', step: 'loadSource', model: 'interface', current: 20000, total: 20000 },
  { type: 'progress', step: 'loadSource', model: 'site', current: 3, total: 3 },
  { type: 'step-end', step: step('loadSource') },
  { type: 'step-start', step: 'executeSync' },
  { type: 'step-end', step: step('executeSync', 'skipped') },
];

describe('progress view', () => {
  it('writes one plain line per step, and large models, when the stream is not a terminal', () => {
    const { out, text } = stream(false);
    const view = createProgressView(out);
    for (const event of events) view.onEvent(event);
    view.stop();
    expect(text()).toBe('load source...\n  interface: 20000\nload source succeeded (1.2 s, peak 150 MB)\nsync...\nsync skipped (1.2 s, peak 150 MB)\n');
  });

  it('draws a bar per step and per large model on a terminal', () => {
    const { out, text } = stream(true);
    const view = createProgressView(out);
    for (const event of events) view.onEvent(event);
    view.stop();
    const drawn = text();
    expect(drawn).toContain('load source');
    expect(drawn).toContain('load source: interface');
    expect(drawn).toContain('20000/20000');
    expect(drawn).toContain('succeeded in 1.2 s, peak 150 MB');
    expect(drawn).not.toContain(': site');
  });
});
