// The run summary the CLI prints: warnings of a run get one line each.
import { emptyCounts } from '@ssot/core';
import { describe, expect, it } from 'vitest';
import { syncRecord } from './__fixtures__/sync-record.js';
import { formatRunSummary } from './format-run.js';

const record = syncRecord({
  syncCounts: emptyCounts(),
  warnings: [
    { code: 'RECORDER_UPDATE_FAILED', step: 'calculateDiff', message: 'The record could not be saved (Invalid string length).' },
    { code: 'RECORDER_LOGS_FAILED', step: 'executeSync', message: '2 log entries could not be recorded (disk full).' },
  ],
});

describe('formatRunSummary', () => {
  it('prints one warning line per warning of the run, below its status', () => {
    const lines = formatRunSummary(record, 'memory').split('\n');
    expect(lines.filter((line) => line.startsWith('warning:'))).toEqual([
      'warning: The record could not be saved (Invalid string length). (RECORDER_UPDATE_FAILED)',
      'warning: 2 log entries could not be recorded (disk full). (RECORDER_LOGS_FAILED)',
    ]);
    expect(lines.findIndex((line) => line.startsWith('warning:'))).toBe(lines.findIndex((line) => line.startsWith('status')) + 1);
  });

  it('prints no warning line for a run without warnings', () => {
    const { warnings, ...withoutWarnings } = record;
    expect(warnings).toHaveLength(2);
    expect(formatRunSummary(withoutWarnings, 'memory')).not.toContain('warning:');
  });
});
