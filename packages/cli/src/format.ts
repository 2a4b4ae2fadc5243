// Small formatters for sizes, durations and times in CLI output.

/**
 * Formats a byte count for people (`1.3 GB`, `98 MB`).
 *
 * @param bytes - the count
 * @returns the text
 */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/**
 * Formats a duration (`840 ms`, `2.4 s`, `3 min 5 s`).
 *
 * @param ms - milliseconds
 * @returns the text
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

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
