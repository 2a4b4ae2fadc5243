// Names: validation of integration, model and job names (npm package-name rules included) and their cases.
import { GeneratorError } from './errors.js';

/** The scope and prefix of integration packages: `@ssot/integration-<name>`. */
export const INTEGRATION_PACKAGE_PREFIX = '@ssot/integration-';

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
// Model names also take the inventory's snake case (`ip_address`): models are matched by name across sides.
const MODEL_NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;

// Words that cannot name a variable in strict-mode ES modules (an integration or job name becomes one).
const RESERVED = new Set(
  'arguments await break case catch class const continue debugger default delete do else enum eval export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield'.split(' '),
);

/**
 * Whether a word cannot name a variable in a strict-mode ES module (`interface`, `class`,
 * `default`, `let`, ...), or should not because it would hide a global (`undefined`, `globalThis`).
 *
 * @param word - a would-be identifier
 * @returns whether it needs another name
 */
export function isReservedWord(word: string): boolean {
  return RESERVED.has(word) || word === 'undefined' || word === 'globalThis';
}

/**
 * Problems of a package name under npm's rules (`validate-npm-package-name` for new packages):
 * not empty, at most 214 characters including the scope, lower case, URL-safe, no leading dot or
 * underscore, no spaces, no `node_modules`/`favicon.ico`.
 *
 * @param name - the full package name, scope included
 * @returns the problems; empty when the name is valid
 */
export function packageNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length === 0) return ['name is empty'];
  if (name.length > 214) problems.push('name is longer than 214 characters');
  if (name !== name.trim()) problems.push('name has leading or trailing spaces');
  if (name.toLowerCase() !== name) problems.push('name has upper-case letters');
  if (/^[._]/.test(name)) problems.push('name starts with a dot or an underscore');
  if (['node_modules', 'favicon.ico'].includes(name)) problems.push(`"${name}" is a reserved name`);
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  const parts = scoped === null ? [name] : [scoped[1] ?? '', scoped[2] ?? ''];
  if (scoped === null && name.includes('/')) problems.push('name has a slash but no scope');
  for (const part of parts) {
    if (encodeURIComponent(part) !== part) problems.push(`"${part}" has characters that are not URL-safe`);
    if (/^[._]/.test(part) && part !== name) problems.push(`"${part}" starts with a dot or an underscore`);
  }
  if (/[~'!()*]/.test(name)) problems.push('name has one of ~\'!()*');
  return problems;
}

/**
 * Checks a kebab-case name (an integration or a job): lower-case words of letters and digits
 * joined by single dashes, starting with a letter, not a reserved word (a job's name becomes the
 * name of its variable). Model names are checked by {@link assertModelName}.
 *
 * @param kind - what the name is for, used in the message
 * @param name - the name
 * @throws GeneratorError `INVALID_NAME` when it is not valid
 */
export function assertKebabName(kind: string, name: string): void {
  if (!KEBAB.test(name)) {
    throw new GeneratorError('INVALID_NAME', `"${name}" is not a valid ${kind} name.`, `Use lower-case letters, digits and single dashes, starting with a letter (for example "${suggestKebab(name) || 'my-system'}").`);
  }
  if (isReservedWord(toCamel(name))) {
    throw new GeneratorError('INVALID_NAME', `"${name}" is a reserved word in JavaScript and cannot name a ${kind}.`, `Choose another name (for example "${name}s" or "${name}-item").`);
  }
}

/**
 * Checks a model name: lower-case words of letters and digits joined by single dashes or
 * underscores, starting with a letter (`device`, `ip-address`, `ip_address`). Reserved words such
 * as `interface` are valid model names: the name is kept as given (it is what models are matched
 * by across the two sides of a job) and the generated code names its variable differently (see
 * `modelRefs`).
 *
 * @param name - the model name
 * @throws GeneratorError `INVALID_NAME` when it is not valid
 */
export function assertModelName(name: string): void {
  if (!MODEL_NAME.test(name)) {
    throw new GeneratorError('INVALID_NAME', `"${name}" is not a valid model name.`, `Use lower-case letters, digits and single dashes or underscores, starting with a letter (for example "${suggestKebab(name) || 'device'}").`);
  }
}

/**
 * Checks an integration name and the package name it makes.
 *
 * @param name - the integration name (`acme-cloud`)
 * @returns the package name (`@ssot/integration-acme-cloud`)
 * @throws GeneratorError `INVALID_NAME` when either is not valid
 */
export function integrationPackageName(name: string): string {
  assertKebabName('integration', name);
  const packageName = `${INTEGRATION_PACKAGE_PREFIX}${name}`;
  const problems = packageNameProblems(packageName);
  if (problems.length > 0) {
    throw new GeneratorError('INVALID_NAME', `"${packageName}" is not a valid npm package name: ${problems.join('; ')}.`, 'Choose a shorter, lower-case, URL-safe integration name.');
  }
  return packageName;
}

/**
 * Converts a kebab-case (or snake_case) name to PascalCase (`acme-cloud` → `AcmeCloud`, `ip_address` → `IpAddress`).
 *
 * @param name - kebab-case or snake_case name
 * @returns the PascalCase name
 */
export function toPascal(name: string): string {
  return name
    .split(/[-_]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/**
 * Converts a kebab-case (or snake_case) name to camelCase (`acme-cloud` → `acmeCloud`).
 *
 * @param name - kebab-case or snake_case name
 * @returns the camelCase name
 */
export function toCamel(name: string): string {
  const pascal = toPascal(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/**
 * Converts a kebab-case name to CONSTANT_CASE (`acme-cloud` → `ACME_CLOUD`).
 *
 * @param name - kebab-case name
 * @returns the constant-case name
 */
export function toConstant(name: string): string {
  return name.replaceAll('-', '_').toUpperCase();
}

/** A best-effort kebab-case version of any text, for hints. */
function suggestKebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '');
}
