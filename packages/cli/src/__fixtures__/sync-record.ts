// A finished run's record for formatter tests: one run of `acme-sync`, with the fields a test cares about overridden.
import type { SyncRecord } from '@ssot/core';

/**
 * Makes a run record: a 2.5 s data-source run that succeeded, no steps, a small summary.
 *
 * @param overrides - fields to set (status, steps, summary, warnings, ...)
 * @returns the record
 */
export function syncRecord(overrides: Partial<SyncRecord> = {}): SyncRecord {
  return {
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
    ...overrides,
  };
}
