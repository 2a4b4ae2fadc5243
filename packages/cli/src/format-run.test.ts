// The run summary the CLI prints: warnings of a run get one line each.
import { emptyCounts, type SyncRecord } from '@ssot/core';
import { describe, expect, it } from 'vitest';
import { formatRunSummary } from './format-run.js';

const record: SyncRecord = {
  id: '0b7c2f7e-8d7a-4a53-9d0e-3c4d1e2f3a4b',
  job: 'acme-sync',
  direction: 'data-source',
  source: 'acme cmdb',
  target: 'state file',
  parameters: {},
  dryRun: false,
  status: 'succeeded',
  startedAt: '2026-01-01T10:00:00.000Z',
  endedAt: '2026-01-01T10:00:02.500Z',
  steps: [],
  summary: { create: 2, update: 0, delete: 0, noChange: 3, skip: 0 },
  syncCounts: emptyCounts(),
  warnings: [
    { code: 'RECORDER_UPDATE_FAILED', step: 'calculateDiff', message: 'The record could not be saved (Invalid string length).' },
    { code: 'RECORDER_LOGS_FAILED', step: 'executeSync', message: '2 log entries could not be recorded (disk full).' },
  ],
};

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
