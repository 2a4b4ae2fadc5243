// Where the process logger's lines go: straight to stderr, or through the progress bars while they are drawn.

/** Writes one or more complete lines (each ending in a newline). */
export type LineWriter = (text: string) => void;

/**
 * The process logger's destination (pino calls `write` with each formatted line). Lines go to the
 * stream, or, while a progress view draws bars over the terminal, to the view, which prints them
 * above its bars instead of over them.
 */
export class LogOutput {
  readonly #stream: NodeJS.WritableStream;
  #diverted: LineWriter | undefined;

  /**
   * @param stream - where lines go when nothing else takes them (normally stderr)
   */
  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
  }

  /**
   * Writes lines.
   *
   * @param text - one or more complete lines
   */
  write(text: string): void {
    if (this.#diverted === undefined) this.#stream.write(text);
    else this.#diverted(text);
  }

  /**
   * Sends lines to `writer` until the returned function is called.
   *
   * @param writer - takes the lines meanwhile
   * @returns restores the previous destination
   */
  divert(writer: LineWriter): () => void {
    const previous = this.#diverted;
    this.#diverted = writer;
    return () => {
      this.#diverted = previous;
    };
  }
}
