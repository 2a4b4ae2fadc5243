// Times in CLI output (sizes and durations come from @ssot/core: formatBytes, formatDuration).

/**
 * Formats an ISO time as local `YYYY-MM-DD HH:MM:SS`.
 *
 * @param iso - the time
 * @returns the text
 */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined) return '-';
  const date = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * A run's total duration from its start and end.
 *
 * @param record - the run's times
 * @returns milliseconds, or `undefined` while it runs
 */
export function runDuration(record: { startedAt: string; endedAt?: string }): number | undefined {
  return record.endedAt === undefined ? undefined : Date.parse(record.endedAt) - Date.parse(record.startedAt);
}
