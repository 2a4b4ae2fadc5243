// The one way ssot shows sizes and durations to people (CLI, dashboard, logs): IEC binary units and short durations.
import prettyBytes from 'pretty-bytes';
import prettyMilliseconds from 'pretty-ms';

/**
 * Formats a byte count in IEC binary units (`812 B`, `1.5 KiB`, `98.3 MiB`, `1.2 GiB`). Memory
 * figures are powers of two, so ssot labels them with binary units everywhere.
 *
 * @param bytes - the count; `undefined` or a non-finite number gives `-`
 * @returns the text
 * @example
 * ```ts
 * formatBytes(103_079_215); // '98.3 MiB'
 * ```
 */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '-';
  return prettyBytes(bytes, { binary: true, maximumFractionDigits: 1 });
}

/**
 * Formats a duration for people (`840ms`, `2.4s`, `3m 5s`, `1h 2m`): at most two units,
 * sub-second precision only below ten seconds.
 *
 * @param ms - milliseconds; `undefined` or a non-finite number gives `-`
 * @returns the text
 * @example
 * ```ts
 * formatDuration(185_000); // '3m 5s'
 * ```
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) return prettyMilliseconds(ms, { secondsDecimalDigits: 1, unitCount: 1 });
  return prettyMilliseconds(ms, { secondsDecimalDigits: 0, unitCount: 2 });
}
