import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './format-units.js';

describe('formatBytes', () => {
  it('uses IEC binary units with at most one decimal', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(103_079_215)).toBe('98.3 MiB');
    expect(formatBytes(1.3 * 1024 ** 3)).toBe('1.3 GiB');
  });
  it('shows a dash for a missing figure', () => {
    expect(formatBytes(undefined)).toBe('-');
    expect(formatBytes(Number.NaN)).toBe('-');
  });
});

describe('formatDuration', () => {
  it('keeps milliseconds below a second, one decimal below ten seconds, two units above', () => {
    expect(formatDuration(0)).toBe('0ms');
    expect(formatDuration(840.4)).toBe('840ms');
    expect(formatDuration(2_430)).toBe('2.4s');
    expect(formatDuration(42_600)).toBe('42s');
    expect(formatDuration(185_000)).toBe('3m 5s');
    expect(formatDuration(3_725_000)).toBe('1h 2m');
  });
  it('shows a dash for a missing figure', () => {
    expect(formatDuration(undefined)).toBe('-');
  });
});
