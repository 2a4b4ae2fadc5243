// Shows a run's progress: bars with elapsed time, rate and ETA per step and large model on a terminal, plain lines otherwise.
import { formatBytes, formatDuration, type RunEvent, type StepName, type StepRecord } from '@ssot/core';
import cliProgress from 'cli-progress';
import { paletteFor, plainPalette, type Palette } from './colors.js';
import { advance, newLine, renderLine, type LineState } from './progress-line.js';

const STEP_LABELS: Record<StepName, string> = { loadSource: 'load source', loadTarget: 'load target', calculateDiff: 'diff', checkPlan: 'check plan', checkWrites: 'check writes', executeSync: 'sync' };
/** Model lines sit under their step's line; the short name keeps them apart when both sides load at once. */
const MODEL_PREFIXES: Record<StepName, string> = { loadSource: 'source', loadTarget: 'target', calculateDiff: 'diff', checkPlan: 'plan', checkWrites: 'check', executeSync: 'sync' };

/** Models with at least this many records get a bar of their own. */
const MODEL_BAR_THRESHOLD = 1000;

/** Receives run events and shows them; `stop()` when the run is over. */
export interface ProgressView {
  /** Handles one run event. */
  onEvent(event: RunEvent): void;
  /** Ends the view (removes bars, restores the cursor), after printing any log line it still holds. */
  stop(): void;
  /**
   * Set when the view draws over the terminal: log lines must go through it while it is shown, so
   * they are printed above the bars instead of over them.
   */
  log?: (text: string) => void;
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

/** A finished step in words: `succeeded in 1.2s, peak 150 MiB` (or just `skipped`). */
function stepOutcome(step: StepRecord, palette: Palette, separator: string): string {
  if (step.status === 'skipped') return palette.status(step.status);
  const memory = step.memory === undefined ? '' : `, peak ${formatBytes(step.memory.peakRss)}`;
  return `${palette.status(step.status)}${separator}${formatDuration(step.durationMs)}${memory}`;
}

class LinesView implements ProgressView {
  readonly #stream: NodeJS.WritableStream;
  readonly #palette: Palette;

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
    this.#palette = paletteFor(stream);
  }

  onEvent(event: RunEvent): void {
    if (event.type === 'step-start') this.#stream.write(`${STEP_LABELS[event.step]}...\n`);
    else if (event.type === 'step-end') {
      const outcome = event.step.status === 'skipped' ? stepOutcome(event.step, this.#palette, '') : `${stepOutcome(event.step, this.#palette, ' (')})`;
      this.#stream.write(`${STEP_LABELS[event.step.name]} ${outcome}\n`);
    } else if (event.type === 'progress' && event.total !== undefined && event.total >= MODEL_BAR_THRESHOLD && event.current === event.total) {
      this.#stream.write(`  ${event.model}: ${event.current}\n`);
    }
  }

  stop(): void {}
}

/** Per step, the latest count (and total, when known) of each model. */
type ModelCounts = Map<string, { current: number; total: number | undefined }>;

class BarsView implements ProgressView {
  readonly #stream: NodeJS.WriteStream;
  readonly #palette: Palette;
  readonly #bars: cliProgress.MultiBar;
  readonly #lines = new Map<string, { bar: cliProgress.SingleBar; state: LineState }>();
  readonly #counts = new Map<StepName, ModelCounts>();
  #drawing = false;

  constructor(stream: NodeJS.WriteStream) {
    this.#stream = stream;
    this.#palette = paletteFor(stream);
    this.#bars = new cliProgress.MultiBar({
      stream,
      // Every line is drawn from its state (cli-progress draws them, moves the cursor and holds log lines meanwhile).
      format: (_options, params, payload: { state: LineState }) => renderLine(payload.state, Date.now(), params.maxWidth),
      hideCursor: true,
      clearOnComplete: false,
      // Log lines printed above the bars keep their full length; bar lines are fitted to the width by renderLine.
      linewrap: true,
      // Log lines push the bars down: every bar must be drawn again at its new place, changed or not.
      forceRedraw: true,
      fps: 10,
    });
  }

  log = (text: string): void => {
    // The bars are redrawn below the lines; first clear them away (ESC[0J: clear to the end of the screen), or a
    // line shorter than the bar it lands on would leave the rest of that bar beside it.
    if (this.#drawing) this.#bars.log(`\x1b[0J${text.endsWith('\n') ? text : `${text}\n`}`);
    else this.#stream.write(text);
  };

  onEvent(event: RunEvent): void {
    const now = Date.now();
    if (event.type === 'step-start') {
      this.#counts.set(event.step, new Map());
      this.#line(event.step, STEP_LABELS[event.step], now, this.#stepTotal(event.step));
    } else if (event.type === 'progress') {
      let counts = this.#counts.get(event.step);
      if (counts === undefined) {
        counts = new Map();
        this.#counts.set(event.step, counts);
      }
      counts.set(event.model, { current: event.current, total: event.total });
      const step = this.#line(event.step, STEP_LABELS[event.step], now, undefined);
      let done = 0;
      for (const count of counts.values()) done += count.current;
      advance(step.state, done, this.#stepTotal(event.step), now);
      if ((event.total ?? event.current) >= MODEL_BAR_THRESHOLD) {
        const model = this.#line(`${event.step}:${event.model}`, `  ${MODEL_PREFIXES[event.step]}: ${event.model}`, step.state.startedAt, event.total);
        advance(model.state, event.current, event.total, now);
        if (event.total !== undefined && event.current >= event.total) model.state.endedAt ??= now;
      }
    } else if (event.type === 'step-end') {
      const step = this.#line(event.step.name, STEP_LABELS[event.step.name], now - event.step.durationMs, undefined).state;
      if (event.step.status !== 'skipped') {
        const total = step.total ?? step.value;
        advance(step, event.step.status === 'succeeded' ? total : step.value, total, now);
      }
      step.endedAt = now;
      step.note = stepOutcome(event.step, plainPalette, ' in ');
      step.styledNote = stepOutcome(event.step, this.#palette, ' in ');
      for (const [key, { state }] of this.#lines) if (key.startsWith(`${event.step.name}:`)) state.endedAt ??= now;
    }
  }

  stop(): void {
    if (!this.#drawing) return;
    // Print log lines still held, draw the final state, then hand the terminal back.
    this.#bars.update();
    this.#bars.stop();
    this.#drawing = false;
  }

  /** The line for a key, created (with its bar) the first time. */
  #line(key: string, label: string, startedAt: number, total: number | undefined): { bar: cliProgress.SingleBar; state: LineState } {
    let line = this.#lines.get(key);
    if (line === undefined) {
      const state = newLine(label, startedAt, total);
      line = { bar: this.#bars.create(1, 0, { state }), state };
      this.#lines.set(key, line);
      this.#drawing = true;
    }
    return line;
  }

  /**
   * Records a step has to go through, when known: the sum of its models' totals (the sync reports
   * every model's total before its first write); for the diff, every record loaded on both sides.
   */
  #stepTotal(step: StepName): number | undefined {
    const counts = this.#counts.get(step);
    let total: number | undefined;
    if (counts !== undefined && counts.size > 0) {
      total = 0;
      for (const count of counts.values()) {
        if (count.total === undefined) return undefined;
        total += count.total;
      }
    }
    if (step !== 'calculateDiff') return total;
    let loaded = 0;
    for (const side of ['loadSource', 'loadTarget'] as const) for (const count of this.#counts.get(side)?.values() ?? []) loaded += count.total ?? count.current;
    return loaded > 0 ? Math.max(loaded, total ?? 0) : total;
  }
}
