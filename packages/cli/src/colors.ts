// Colour for terminal output: statuses, actions and headers, on a terminal only (NO_COLOR turns it off, FORCE_COLOR on).
import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

/** Colours text for one output stream; every method returns the text unchanged when colour is off. */
export interface Palette {
  /** Whether this palette colours anything. */
  readonly enabled: boolean;
  /** A table or section header. */
  header(text: string): string;
  /** Secondary text (paths, hints). */
  dim(text: string): string;
  /** A run, step or log status (`succeeded`, `failed`, `blocked`, `success`, `skipped`, ...), by its meaning. */
  status(status: string, text?: string): string;
  /** A diff or log action (`create`, `update`, `delete`, `none`), by its meaning. */
  action(action: string, text?: string): string;
}

const STATUS_STYLES: Record<string, Style> = {
  succeeded: 'green',
  success: 'green',
  failed: 'red',
  failure: 'red',
  error: 'red',
  blocked: 'yellow',
  cancelled: 'yellow',
  interrupted: 'yellow',
  skipped: 'gray',
  unchanged: 'gray',
  unknown: 'magenta',
  rolledBack: 'yellow',
  drifted: 'yellow',
  pending: 'gray',
  running: 'cyan',
};

const ACTION_STYLES: Record<string, Style> = { create: 'green', update: 'yellow', delete: 'red', none: 'gray' };

function makePalette(enabled: boolean): Palette {
  // The decision is made once per stream; styling itself must not check the stream again.
  const paint = (style: Style | undefined, text: string): string => (enabled && style !== undefined ? styleText(style, text, { validateStream: false }) : text);
  return {
    enabled,
    header: (text) => paint('bold', text),
    dim: (text) => paint('dim', text),
    status: (status, text = status) => paint(STATUS_STYLES[status], text),
    action: (action, text = action) => paint(ACTION_STYLES[action], text),
  };
}

/** A palette that never colours (JSON output, tests). */
export const plainPalette: Palette = makePalette(false);

/**
 * The palette for text written to `stream`, with Node's rules (`util.styleText`): colour on a
 * terminal, none when `NO_COLOR` (or `NODE_DISABLE_COLORS`, or `TERM=dumb`) is set, colour even
 * through a pipe when `FORCE_COLOR` is set (and not `0`).
 *
 * @param stream - where the text goes (stdout for results, stderr for progress and logs)
 * @returns the palette
 */
export function paletteFor(stream: NodeJS.WritableStream): Palette {
  return makePalette(styleText('bold', 'x', { stream }) !== 'x');
}
