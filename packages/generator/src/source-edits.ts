// Edits of TypeScript sources with ts-morph, as pure functions: text in, text out, in an in-memory project.
import { IndentationText, Node, Project, QuoteKind, SyntaxKind, type SourceFile } from 'ts-morph';
import { GeneratorError } from './errors.js';

/** A job to wire into an integration. */
export interface JobRef {
  /** The exported constant (`acmeToFile`). */
  exportName: string;
  /** The module that exports it, relative to `src/` (`./jobs/acme-to-file.js`). */
  module: string;
}

/** A model to add to an integration's models file. */
export interface ModelRef {
  /** The model name (`ip-address`), the key in `models`: kept exactly as given, reserved words included (`interface`). */
  name: string;
  /** The constant holding the definition (`ipAddress`; `interfaceModel` for `interface`). */
  constName: string;
  /** The record interface (`IpAddress`). */
  typeName: string;
}

function load(fileName: string, text: string): SourceFile {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces, useTrailingCommas: true },
  });
  return project.createSourceFile(fileName, text);
}

/** Where a new import goes: after the last import, or after the file's header comment when there is none. */
function importIndex(file: SourceFile): number {
  const imports = file.getImportDeclarations();
  const last = imports[imports.length - 1];
  if (last !== undefined) return last.getChildIndex() + 1;
  const first = file.getStatementsWithComments()[0];
  return first !== undefined && first.getKind() === SyntaxKind.SingleLineCommentTrivia ? 1 : 0;
}

/** Collapses runs of blank lines left by insertions to one. */
function tidy(text: string): string {
  return text.replace(/\n{3,}/g, '\n\n');
}

function notEditable(file: string, what: string): GeneratorError {
  return new GeneratorError('NOT_EDITABLE', `${file}: ${what}.`, 'Restore that declaration as the template has it, or make the change by hand.');
}

/**
 * Adds a job to a `jobs.ts`: the import of its module and its entry at the end of the
 * `export const jobs = [...]` array. Does nothing for what is already there.
 *
 * @param text - the current `src/jobs.ts`
 * @param job - the job
 * @returns the new text (equal to `text` when the job was already wired)
 * @throws GeneratorError `NOT_EDITABLE` when there is no `jobs` array literal
 */
export function addJobToJobsList(text: string, job: JobRef): string {
  const file = load('jobs.ts', text);
  const declaration = file.getVariableDeclaration('jobs');
  const array = declaration?.getInitializer();
  if (array === undefined || !Node.isArrayLiteralExpression(array)) throw notEditable('src/jobs.ts', 'there is no `export const jobs = [...]` array');
  const imported = file.getImportDeclarations().some((entry) => entry.getModuleSpecifierValue() === job.module && entry.getNamedImports().some((named) => named.getName() === job.exportName));
  if (!imported) {
    const existing = file.getImportDeclaration((entry) => entry.getModuleSpecifierValue() === job.module && !entry.isTypeOnly());
    if (existing === undefined) file.insertImportDeclaration(importIndex(file), { moduleSpecifier: job.module, namedImports: [job.exportName] });
    else existing.addNamedImport(job.exportName);
  }
  if (!array.getElements().some((element) => element.getText() === job.exportName)) array.addElement(job.exportName);
  return file.getFullText();
}

/**
 * Adds `export { <names> } from '<module>'` to an `index.ts` (merged into an existing value export
 * of that module). Does nothing for names already exported.
 *
 * @param text - the current `src/index.ts`
 * @param module - the module, relative to `src/` (`./jobs/acme-to-file.js`)
 * @param names - the value names to export
 * @param typeOnly - export types (`export type { ... }`) instead of values
 * @returns the new text
 */
export function addIndexExports(text: string, module: string, names: readonly string[], typeOnly = false): string {
  const file = load('index.ts', text);
  const exported = new Set(file.getExportDeclarations().flatMap((entry) => entry.getNamedExports().map((named) => named.getName())));
  const missing = names.filter((name) => !exported.has(name));
  if (missing.length === 0) return text;
  const existing = file.getExportDeclaration((entry) => entry.getModuleSpecifierValue() === module && entry.isTypeOnly() === typeOnly);
  if (existing !== undefined) {
    const all = [...existing.getNamedExports().map((named) => named.getName()), ...missing].sort((a, b) => a.localeCompare(b));
    existing.getNamedExports().forEach((named) => named.remove());
    existing.addNamedExports(all);
  } else {
    const declarations = file.getExportDeclarations();
    const after = declarations.filter((entry) => (entry.getModuleSpecifierValue() ?? '') <= module);
    const index = after.length === 0 ? 0 : after[after.length - 1]!.getChildIndex() + 1;
    file.insertExportDeclaration(index, { moduleSpecifier: module, namedExports: [...missing].sort((a, b) => a.localeCompare(b)), isTypeOnly: typeOnly });
  }
  return file.getFullText();
}

/**
 * Adds models to a models file rendered from the template: the definitions (rendered from the
 * model snippet), one entry each in `models`, and one list each in the `<Name>Data` interface.
 *
 * @param text - the current `src/models.ts`
 * @param dataInterface - the name of the data interface (`AcmeData`)
 * @param models - the models
 * @param snippets - the rendered model snippet for each model, in the same order
 * @returns the new text
 * @throws GeneratorError `NOT_EDITABLE` when `models` or the data interface is missing
 */
export function addModels(text: string, dataInterface: string, models: readonly ModelRef[], snippets: readonly string[]): string {
  const file = load('models.ts', text);
  const modelsDeclaration = file.getVariableStatement('models');
  const object = file.getVariableDeclaration('models')?.getInitializer();
  if (modelsDeclaration === undefined || object === undefined || !Node.isObjectLiteralExpression(object)) throw notEditable('src/models.ts', 'there is no `export const models = { ... }` object');
  const data = file.getInterface(dataInterface);
  if (data === undefined) throw notEditable('src/models.ts', `there is no \`${dataInterface}\` interface`);
  models.forEach((model, index) => {
    if (file.getVariableDeclaration(model.constName) !== undefined) return;
    file.insertStatements(modelsDeclaration.getChildIndex(), `\n${(snippets[index] ?? '').trim()}\n`);
    // Any identifier name, reserved words included, is a valid property name; others are quoted.
    const key = /^[A-Za-z_$][\w$]*$/.test(model.name) ? model.name : `'${model.name}'`;
    const entry = model.name === model.constName ? model.constName : `${key}: ${model.constName}`;
    object.addProperty(`/** The ${model.name} model. */\n${entry}`);
    data.addProperty({ name: key, type: `${model.typeName}[]`, docs: [`The ${model.name} records.`] });
  });
  return tidy(file.getFullText());
}

/**
 * Appends a line to a Markdown section (before the next `## ` heading). Does nothing when the
 * line is already there.
 *
 * @param text - the Markdown
 * @param heading - the section heading (`## Jobs`)
 * @param line - the line to add
 * @returns the new text (unchanged when the section does not exist)
 */
export function appendToMarkdownSection(text: string, heading: string, line: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((entry) => entry.trim() === heading);
  if (start < 0 || lines.includes(line)) return text;
  let end = lines.findIndex((entry, index) => index > start && entry.startsWith('## '));
  if (end < 0) end = lines.length;
  let insertAt = end;
  while (insertAt > start + 1 && (lines[insertAt - 1] ?? '').trim() === '') insertAt -= 1;
  lines.splice(insertAt, 0, line);
  return lines.join('\n');
}

/**
 * The names a module exports, read from its own text (re-exports included, not followed): the
 * names in `export { ... }` declarations and the exported declarations of the file.
 *
 * @param text - the module's source
 * @returns the exported names, sorted
 */
export function exportedNames(text: string): string[] {
  const file = load('module.ts', text);
  const names = new Set<string>();
  for (const declaration of file.getExportDeclarations()) for (const named of declaration.getNamedExports()) names.add(named.getAliasNode()?.getText() ?? named.getName());
  for (const statement of file.getStatements()) {
    if (!Node.isExportable(statement) || !statement.isExported()) continue;
    if (Node.isVariableStatement(statement)) for (const declaration of statement.getDeclarations()) names.add(declaration.getName());
    else if (Node.hasName(statement)) names.add(statement.getName());
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

/**
 * The local names a module imports (`import { a, b as c } from ...` gives `a` and `c`; default and
 * namespace imports included).
 *
 * @param text - the module's source
 * @returns the imported names, sorted
 */
export function importedNames(text: string): string[] {
  const file = load('module.ts', text);
  const names = new Set<string>();
  for (const declaration of file.getImportDeclarations()) {
    const defaultImport = declaration.getDefaultImport();
    if (defaultImport !== undefined) names.add(defaultImport.getText());
    const namespace = declaration.getNamespaceImport();
    if (namespace !== undefined) names.add(namespace.getText());
    for (const named of declaration.getNamedImports()) names.add(named.getAliasNode()?.getText() ?? named.getName());
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

/**
 * The string literals of the `name` properties of `defineJob({...})` calls in a module.
 *
 * @param text - the module's source
 * @returns the job names declared there
 */
export function declaredJobNames(text: string): string[] {
  const file = load('module.ts', text);
  return file
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((call) => call.getExpression().getText() === 'defineJob')
    .flatMap((call) => {
      const argument = call.getArguments()[0];
      if (argument === undefined || !Node.isObjectLiteralExpression(argument)) return [];
      const name = argument.getProperty('name');
      const initializer = name !== undefined && Node.isPropertyAssignment(name) ? name.getInitializer() : undefined;
      return initializer !== undefined && Node.isStringLiteral(initializer) ? [initializer.getLiteralValue()] : [];
    });
}
