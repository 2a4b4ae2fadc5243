import { describe, expect, it } from 'vitest';
import { advance, newLine, rateOf, renderLine } from './progress-line.js';

describe('progress line', () => {
  it('shows count, elapsed time, rate and ETA, measuring the rate over the last seconds only', () => {
    const line = newLine('sync', 0, 10_000);
    advance(line, 1000, 10_000, 20_000);
    // 1,000 records in the first 20 s, then 3,000 in the last 11 s: the rate is that of the last 10 s (200/s), not the average (129/s).
    advance(line, 2000, 10_000, 21_000);
    advance(line, 3000, 10_000, 22_000);
    advance(line, 4000, 10_000, 31_000);
    expect(rateOf(line, 31_000)).toBe(200);
    expect(renderLine(line, 31_000, 200)).toBe(' sync                 ██████████░░░░░░░░░░░░░░  40% | 4000/10000 | 31s | 200/s | ETA 30s');
  });

  it('fits an 80-column terminal, then leaves out the least useful parts first', () => {
    const running = newLine('  sync: interface', 0, 99_004);
    advance(running, 45_000, 99_004, 15_000);
    expect(renderLine(running, 15_000, 80)).toBe('   sync: interface    █████░░░░░░░  45% | 45000/99004 | 15s | 3000/s | ETA 18s');
    expect(renderLine(running, 15_000, 70)).toMatch(/ 45% \| 45000\/99004 \| 15s \| 3000\/s$/);
    expect(renderLine(running, 15_000, 60)).toMatch(/ 45% \| 45000\/99004 \| 15s$/);
  });

  it('keeps the outcome of a finished step before its count, and its colour only when that fits too', () => {
    const done = newLine('sync', 0, 99_004);
    advance(done, 99_004, 99_004, 40_000);
    done.endedAt = 40_000;
    done.note = 'succeeded in 40s, peak 870 MiB';
    done.styledNote = '\x1b[32msucceeded\x1b[39m in 40s, peak 870 MiB';
    expect(renderLine(done, 41_000, 120).endsWith('100% | 99004/99004 | \x1b[32msucceeded\x1b[39m in 40s, peak 870 MiB')).toBe(true);
    expect(renderLine(done, 41_000, 100)).toMatch(/100% \| 99004\/99004 \| succeeded in 40s, peak 870 MiB$/);
    expect(renderLine(done, 41_000, 80)).toBe(' sync                 ████████████ 100% | succeeded in 40s, peak 870 MiB');
    for (const width of [40, 60, 80, 90, 100, 120]) expect(renderLine(done, 41_000, width).length).toBeLessThan(width);
  });

  it('counts records without a bar while the total is unknown', () => {
    const line = newLine('load target', 0);
    advance(line, 5000, undefined, 2000);
    expect(renderLine(line, 2000, 200)).toBe(' load target          ░░░░░░░░░░░░░░░░░░░░░░░░      | 5000 records | 2s | 2500/s');
  });
});
