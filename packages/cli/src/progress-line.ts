// One progress bar line: bar, percentage, count, elapsed time, rate and ETA, fitted to the terminal's width.
import { formatDuration } from '@ssot/core';

/** Width of a line's label column (`  target: ip_address` fits). */
const LABEL_WIDTH = 21;
/** Width of the bar on a wide terminal; narrower terminals get a shorter bar (an 80-column one, 12). */
const BAR_WIDTH = 24;
/** The rate is measured over about this long, so it follows the work as it speeds up or slows down. */
const RATE_WINDOW_MS = 10_000;

/** What one progress line shows; updated as events arrive, drawn on every refresh. */
export interface LineState {
  /** The label (`sync`, `  sync: interface`). */
  label: string;
  /** Records done so far. */
  value: number;
  /** Records to do; `undefined` while unknown (the line then shows a count without a bar). */
  total: number | undefined;
  /** When the work started (`Date.now()` time). */
  startedAt: number;
  /** When it ended; the elapsed time stops there. */
  endedAt?: number;
  /** Shown instead of elapsed time, rate and ETA once the line is done (a step's status and duration). */
  note?: string;
  /** The note with colour, drawn instead of `note` when the width allows the colour codes. */
  styledNote?: string;
  /** Recent `[time, value]` samples, oldest first, for the rate. */
  samples: [number, number][];
}

/**
 * A new line state.
 *
 * @param label - the label
 * @param startedAt - when the work started
 * @param total - records to do, when known
 * @returns the state
 */
export function newLine(label: string, startedAt: number, total?: number): LineState {
  return { label, value: 0, total, startedAt, samples: [[startedAt, 0]] };
}

/**
 * Records progress on a line.
 *
 * @param state - the line
 * @param value - records done so far
 * @param total - records to do, when known
 * @param now - the time of the update
 */
export function advance(state: LineState, value: number, total: number | undefined, now: number): void {
  state.value = value;
  state.total = total;
  state.samples.push([now, value]);
  // Keep one sample older than the window as the rate's starting point.
  while (state.samples.length > 2 && (state.samples[1] as [number, number])[0] <= now - RATE_WINDOW_MS) state.samples.shift();
}

/**
 * Records per second over the last few seconds, once there is at least half a second to measure.
 *
 * @param state - the line
 * @param now - the current time
 * @returns the rate, or `undefined`
 */
export function rateOf(state: LineState, now: number): number | undefined {
  const [since, from] = state.samples[0] as [number, number];
  const end = state.endedAt ?? now;
  if (end - since < 500 || state.value <= from) return undefined;
  return ((state.value - from) * 1000) / (end - since);
}

/**
 * Renders a line: `label  ████░░░░  52% | 1500/2888 | 12s | 1250/s | ETA 1.1s`. Parts that do not
 * fit the width are left out, least useful first (ETA, rate, elapsed time, count), so a line never
 * wraps: a wrapped line would break the redraw of the bars below it. Colour codes count against the
 * width too (the bar library cuts lines by their raw length), so the note is coloured only when
 * that still fits.
 *
 * @param state - the line
 * @param now - the current time
 * @param width - the terminal's width in columns
 * @returns the text
 */
export function renderLine(state: LineState, now: number, width: number): string {
  const { value, total } = state;
  const room = width - 1;
  const barWidth = Math.max(10, Math.min(BAR_WIDTH, width - 68));
  const label = state.label.length >= LABEL_WIDTH ? `${state.label.slice(0, LABEL_WIDTH - 2)}… ` : state.label.padEnd(LABEL_WIDTH);
  // Parts after the bar, in display order, each with its rank: the lowest rank is left out first.
  const parts: { text: string; rank: number }[] = [];
  let bar: string;
  let percent: string;
  if (total === undefined) {
    bar = '░'.repeat(barWidth);
    percent = '    ';
    if (value > 0 || state.note === undefined) parts.push({ text: `${value} records`, rank: 3 });
  } else {
    const share = total === 0 ? 1 : Math.min(1, value / total);
    const full = Math.round(share * barWidth);
    bar = '█'.repeat(full) + '░'.repeat(barWidth - full);
    percent = `${Math.floor(share * 100)}%`.padStart(4);
    if (total > 0 || state.note === undefined) parts.push({ text: `${value}/${total}`, rank: 3 });
  }
  const note = state.note === undefined ? undefined : { text: state.note, rank: 4 };
  if (note !== undefined) parts.push(note);
  else {
    parts.push({ text: formatDuration((state.endedAt ?? now) - state.startedAt), rank: 2 });
    const rate = rateOf(state, now);
    if (rate !== undefined && state.endedAt === undefined) {
      parts.push({ text: `${Math.round(rate)}/s`, rank: 1 });
      if (total !== undefined && value < total) parts.push({ text: `ETA ${formatDuration(((total - value) / rate) * 1000)}`, rank: 0 });
    }
  }
  const head = ` ${label}${bar} ${percent}`;
  const join = (): string => [head, ...parts.map((part) => part.text)].join(' | ');
  let line = join();
  while (line.length > room && parts.length > 0) {
    const lowest = parts.reduce((min, part) => (part.rank < min.rank ? part : min));
    parts.splice(parts.indexOf(lowest), 1);
    line = join();
  }
  if (line.length > room) return line.slice(0, Math.max(0, room));
  if (note !== undefined && parts.includes(note) && state.styledNote !== undefined) {
    note.text = state.styledNote;
    const styled = join();
    if (styled.length <= room) return styled;
  }
  return line;
}
