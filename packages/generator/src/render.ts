// Template rendering: `__placeholder__` replacement in contents and paths, and lines kept only under a condition.
import { toCamel, toConstant, toPascal } from './names.js';

/** Placeholder values, keyed by the placeholder as written in templates (`__Name__`). */
export type Placeholders = Readonly<Record<string, string>>;

/**
 * The placeholders of a kebab-case name under a key: `__key__` (kebab), `__Key__` (Pascal),
 * `__key_camel__` (camel) and `__KEY__` (constant case).
 *
 * @param key - the placeholder key in lower case (`name`, `model`, `job`)
 * @param value - the kebab-case name
 * @returns the four placeholders
 */
export function namePlaceholders(key: string, value: string): Placeholders {
  return {
    [`__${key}__`]: value,
    [`__${toPascal(key)}__`]: toPascal(value),
    [`__${key}_camel__`]: toCamel(value),
    [`__${key.toUpperCase()}__`]: toConstant(value),
  };
}

/**
 * Replaces every placeholder in a text (longest placeholders first, so none is a prefix of another's value).
 *
 * @param text - template text or path
 * @param placeholders - the values
 * @returns the rendered text
 */
export function fillPlaceholders(text: string, placeholders: Placeholders): string {
  let result = text;
  for (const key of Object.keys(placeholders).sort((a, b) => b.length - a.length)) result = result.replaceAll(key, placeholders[key] ?? key);
  return result;
}

const CONDITION = /[ \t]*<!-- if:([a-z-]+) -->[ \t]*$/;

/**
 * Keeps the lines marked `<!-- if:<flag> -->` only when the flag is set, without the marker.
 *
 * @param text - template text
 * @param flags - the flags that are set
 * @returns the text with the conditional lines resolved
 */
export function resolveConditions(text: string, flags: ReadonlySet<string>): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const match = CONDITION.exec(line);
    if (match === null) lines.push(line);
    else if (flags.has(match[1] ?? '')) lines.push(line.slice(0, match.index));
  }
  return lines.join('\n');
}

/**
 * Renders a template: conditions first, then placeholders.
 *
 * @param text - template text
 * @param placeholders - the values
 * @param flags - flags for conditional lines
 * @returns the rendered text
 */
export function renderTemplate(text: string, placeholders: Placeholders, flags: ReadonlySet<string> = new Set()): string {
  return fillPlaceholders(resolveConditions(text, flags), placeholders);
}
