// A tiny HTML template helper: a tagged template that escapes every interpolated value unless it is already safe HTML.

/** A string of HTML that is safe to insert as is (built by {@link html} or {@link unsafeRaw}). */
export class SafeHtml {
  /** The HTML text. */
  readonly value: string;

  /**
   * @param value - HTML text that is already safe
   */
  constructor(value: string) {
    this.value = value;
  }

  /** The HTML text. */
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated into {@link html}: text (escaped), safe HTML, lists of either, or nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/**
 * Escapes text for HTML content and quoted attribute values.
 *
 * @param text - any text
 * @returns the escaped text
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Builds HTML: every interpolated value is escaped unless it is {@link SafeHtml}; arrays are
 * joined; `null`, `undefined` and `false` render nothing.
 *
 * @param strings - the template's literal parts (trusted)
 * @param values - the interpolated values (escaped)
 * @returns the HTML
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i += 1) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/**
 * Marks a string as safe HTML without escaping it. Only for text the dashboard generated itself.
 *
 * @param text - trusted HTML
 * @returns the same text as safe HTML
 */
export function unsafeRaw(text: string): SafeHtml {
  return new SafeHtml(text);
}

/**
 * A link target that is safe to put in `href`: `http:` and `https:` URLs only.
 *
 * @param url - a URL from a record or a job
 * @returns the URL, or `undefined` when it is not an http(s) URL
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
