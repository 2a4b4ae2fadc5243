// Finds where JSON text stops being valid, so a syntax error can name its line (V8's messages do not always say).

// Thrown inside the scanner to unwind to the offset where the text went wrong.
class Stop {
  constructor(readonly offset: number) {}
}

/**
 * The offset of the first character at which `text` stops being valid JSON.
 *
 * @param text - the JSON text
 * @returns the offset, or `undefined` when the text is valid JSON
 */
export function jsonErrorOffset(text: string): number | undefined {
  let at = 0;
  const fail = (): never => {
    throw new Stop(at);
  };
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const literal = (word: string): void => {
    for (const char of word) {
      if (text[at] !== char) fail();
      at++;
    }
  };
  const string = (): void => {
    if (text[at] !== '"') fail();
    at++;
    for (;;) {
      const char = text[at];
      if (char === undefined || char < ' ') fail();
      if (char === '"') break;
      if (char === '\\') {
        at++;
        const escape = text[at];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail();
          at += 4;
        } else if (escape === undefined || !'"\\/bfnrt'.includes(escape)) fail();
      }
      at++;
    }
    at++;
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (match === null) fail();
    at += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{') {
      at++;
      space();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        space();
        string();
        space();
        if (text[at] !== ':') fail();
        at++;
        value();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] !== '}') fail();
        at++;
        return;
      }
    }
    if (char === '[') {
      at++;
      space();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] !== ']') fail();
        at++;
        return;
      }
    }
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    number();
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) at = 1;
    value();
    space();
    if (at < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.offset;
    throw error;
  }
}
