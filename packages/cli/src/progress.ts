// Shows a run's progress: bars per step and per large model on a terminal, plain lines otherwise.
import type { RunEvent, StepName } from '@ssot/core';
import cliProgress from 'cli-progress';
import { formatBytes, formatDuration } from './format.js';

const STEP_LABELS: Record<StepName, string> = { loadSource: 'load source', loadTarget: 'load target', calculateDiff: 'diff', executeSync: 'sync' };

/** Models with at least this many records get a bar of their own. */
const MODEL_BAR_THRESHOLD = 1000;

/** Receives run events and shows them; `stop()` when the run is over. */
export interface ProgressView {
  /** Handles one run event. */
  onEvent(event: RunEvent): void;
  /** Ends the view (removes bars, restores the cursor). */
  stop(): void;
}

/**
 * A progress view for a stream: bars when it is a terminal, one line per finished step otherwise
 * (logs and CI output stay readable).
 *
 * @param stream - where to draw (normally stderr)
 * @returns the view
 */
export function createProgressView(stream: NodeJS.WriteStream): ProgressView {
  return stream.isTTY ? new BarsView(stream) : new LinesView(stream);
}

/** A view that shows nothing (`--json`). */
export const silentProgress: ProgressView = { onEvent: () => undefined, stop: () => undefined };

class LinesView implements ProgressView {
  readonly #stream: NodeJS.WritableStream;

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
  }

  onEvent(event: RunEvent): void {
    if (event.type === 'step-start') this.#stream.write(`${STEP_LABELS[event.step]}...\n`);
    else if (event.type === 'step-end') {
      const memory = event.step.memory === undefined ? '' : `, peak ${formatBytes(event.step.memory.peakRss)}`;
      this.#stream.write(`${STEP_LABELS[event.step.name]} ${event.step.status} (${formatDuration(event.step.durationMs)}${memory})\n`);
    } else if (event.type === 'progress' && event.total !== undefined && event.total >= MODEL_BAR_THRESHOLD && event.current === event.total) {
      this.#stream.write(`  ${event.model}: ${event.current}\n`);
    }
  }

  stop(): void {}
}

class BarsView implements ProgressView {
  readonly #bars: cliProgress.MultiBar;
  readonly #stepBars = new Map<StepName, cliProgress.SingleBar>();
  readonly #modelBars = new Map<string, cliProgress.SingleBar>();

  constructor(stream: NodeJS.WriteStream) {
    this.#bars = new cliProgress.MultiBar(
      { stream, format: ' {label} {bar} {percentage}% | {value}/{total} {note}', barsize: 30, hideCursor: true, clearOnComplete: false, autopadding: true, fps: 10 },
      cliProgress.Presets.shades_classic,
    );
  }

  onEvent(event: RunEvent): void {
    if (event.type === 'step-start') {
      this.#stepBars.set(event.step, this.#bars.create(1, 0, { label: STEP_LABELS[event.step].padEnd(22), note: '' }));
    } else if (event.type === 'step-end') {
      const bar = this.#stepBars.get(event.step.name) ?? this.#bars.create(1, 0, { label: STEP_LABELS[event.step.name].padEnd(22), note: '' });
      const memory = event.step.memory === undefined ? '' : `, peak ${formatBytes(event.step.memory.peakRss)}`;
      bar.update(1, { note: `${event.step.status} in ${formatDuration(event.step.durationMs)}${memory}` });
      bar.stop();
    } else if (event.type === 'progress' && event.total !== undefined && event.total >= MODEL_BAR_THRESHOLD) {
      const key = `${event.step}:${event.model}`;
      let bar = this.#modelBars.get(key);
      if (bar === undefined) {
        bar = this.#bars.create(event.total, 0, { label: `  ${STEP_LABELS[event.step]}: ${event.model}`.padEnd(22), note: '' });
        this.#modelBars.set(key, bar);
      }
      bar.setTotal(event.total);
      bar.update(event.current);
    }
  }

  stop(): void {
    this.#bars.stop();
  }
}
