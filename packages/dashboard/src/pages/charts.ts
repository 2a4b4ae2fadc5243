// Small server-rendered SVG charts: per-step memory (end and peak) and per-step duration.
import { formatBytes, formatDuration } from '@ssot/core';
import type { StepRecord } from '@ssot/core';
import { html } from 'hono/html';
import type { Html } from '../html.js';

const WIDTH = 560;
const LABEL = 110;
const BAR_AREA = 330;

function scale(value: number, max: number): number {
  return max <= 0 ? 0 : Math.max(1, Math.round((value / max) * BAR_AREA));
}

/**
 * A bar chart of each step's memory: resident set size and V8 heap, at the end and at the peak.
 *
 * @param steps - the run's steps
 * @param running - whether the run is still going (figures come as steps end)
 * @returns the chart, or a note when no step has memory figures
 */
export function memoryChart(steps: readonly StepRecord[], running = false): Html {
  const measured = steps.filter((step) => step.memory !== undefined);
  if (measured.length === 0) return html`<p class="muted">${running ? 'Memory figures appear as steps end.' : 'No memory figures (memory sampling was off).'}</p>`;
  const series = [
    ['rss-end', 'RSS at end', (s: StepRecord) => s.memory?.endRss ?? 0],
    ['rss-peak', 'RSS peak', (s: StepRecord) => s.memory?.peakRss ?? 0],
    ['heap-end', 'heap at end', (s: StepRecord) => s.memory?.endHeapUsed ?? 0],
    ['heap-peak', 'heap peak', (s: StepRecord) => s.memory?.peakHeapUsed ?? 0],
  ] as const;
  const max = Math.max(...measured.flatMap((step) => series.map(([, , get]) => get(step))));
  const group = series.length * 11 + 12;
  const height = measured.length * group + 4;
  const groups = measured.map((step, i) => {
    const y0 = i * group + 4;
    const bars = series.map(([cls, label, get], j) => {
      const value = get(step);
      const y = y0 + j * 11;
      return html`<rect class="${cls}" x="${LABEL}" y="${y}" width="${scale(value, max)}" height="9"><title>${step.name} ${label}: ${formatBytes(value)}</title></rect><text x="${LABEL + scale(value, max) + 4}" y="${y + 8}">${formatBytes(value)}</text>`;
    });
    return html`<text x="0" y="${y0 + group / 2}">${step.name}</text>${bars}`;
  });
  return html`<svg class="chart memory" role="img" aria-label="Memory per step" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg">${groups}</svg>
<div class="legend">${series.map(([cls, label]) => html`<span><i class="swatch ${cls}"></i>${label}</span>`)}</div>`;
}

/**
 * A bar chart of each step's duration.
 *
 * @param steps - the run's steps
 * @returns the chart
 */
export function durationChart(steps: readonly StepRecord[]): Html {
  if (steps.length === 0) return html`<p class="muted">No steps yet.</p>`;
  const max = Math.max(...steps.map((step) => step.durationMs));
  const height = steps.length * 18 + 4;
  const bars = steps.map((step, i) => {
    const y = i * 18 + 4;
    return html`<text x="0" y="${y + 10}">${step.name}</text><rect class="duration" x="${LABEL}" y="${y}" width="${scale(step.durationMs, max)}" height="12"><title>${step.name}: ${formatDuration(step.durationMs)}</title></rect><text x="${LABEL + scale(step.durationMs, max) + 4}" y="${y + 10}">${formatDuration(step.durationMs)}${step.status === 'skipped' ? ' (skipped)' : ''}</text>`;
  });
  return html`<svg class="chart duration" role="img" aria-label="Duration per step" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}
