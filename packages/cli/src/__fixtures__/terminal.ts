// A stand-in terminal for tests: a writable stream that says it is a TTY, and a screen that applies what is written to it.
import { PassThrough } from 'node:stream';
import { WriteStream } from 'node:tty';

/** A fake stderr: `isTTY` as asked, Node's colour rules (NO_COLOR, FORCE_COLOR), and everything written kept. */
export interface FakeTerminal {
  /** The stream to hand to the code under test. */
  stream: NodeJS.WriteStream;
  /** Everything written so far, escape sequences included. */
  written(): string;
  /** The screen a terminal would show after those writes, one string per line, colours removed. */
  screen(): string[];
}

/**
 * Makes a fake terminal (or, with `tty` false, a pipe).
 *
 * @param tty - whether the stream says it is a terminal
 * @returns the terminal
 */
export function fakeTerminal(tty: boolean): FakeTerminal {
  const pass = new PassThrough();
  let written = '';
  pass.on('data', (chunk: Buffer) => (written += chunk.toString()));
  // A real terminal's colour depth follows the environment (NO_COLOR, FORCE_COLOR, TERM); a pipe has none.
  const extra = tty ? { isTTY: true, columns: 120, rows: 40, getColorDepth: WriteStream.prototype.getColorDepth, hasColors: WriteStream.prototype.hasColors } : {};
  Object.assign(pass, extra);
  return { stream: pass as unknown as NodeJS.WriteStream, written: () => written, screen: () => render(written) };
}

/** Applies text, newlines, cursor moves and clears (what readline and cli-progress send) to a grid of lines. */
function render(data: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const line = (): string => lines[row] ?? '';
  const put = (text: string): void => {
    while (lines.length <= row) lines.push('');
    const current = line().padEnd(col);
    lines[row] = current.slice(0, col) + text + current.slice(col + text.length);
    col += text.length;
  };
  // eslint-disable-next-line no-control-regex
  const tokens = data.match(/\x1b\[[?0-9;]*[A-Za-z]|\n|\r|[^\x1b\n\r]+/g) ?? [];
  for (const token of tokens) {
    if (token === '\n') {
      row += 1;
      col = 0;
      while (lines.length <= row) lines.push('');
    } else if (token === '\r') col = 0;
    else if (token.startsWith('\x1b[')) {
      const code = token.at(-1);
      const n = Number.parseInt(token.slice(2, -1), 10);
      if (token.startsWith('\x1b[?') || code === 'm') continue;
      if (code === 'A') row = Math.max(0, row - (Number.isNaN(n) ? 1 : n));
      else if (code === 'B') row += Number.isNaN(n) ? 1 : n;
      else if (code === 'G') col = (Number.isNaN(n) ? 1 : n) - 1;
      else if (code === 'C') col += Number.isNaN(n) ? 1 : n;
      else if (code === 'D') col = Math.max(0, col - (Number.isNaN(n) ? 1 : n));
      else if (code === 'K') {
        while (lines.length <= row) lines.push('');
        if (Number.isNaN(n) || n === 0) lines[row] = line().slice(0, col);
        else if (n === 2) lines[row] = '';
        else lines[row] = ' '.repeat(col) + line().slice(col);
      } else if (code === 'J') {
        while (lines.length <= row) lines.push('');
        lines[row] = line().slice(0, col);
        lines.length = row + 1;
      }
    } else put(token);
  }
  return lines.map((text) => text.trimEnd());
}
