// One timed run of the YAML benchmark in its own process (so that its peak RSS is its own): prints one JSON line.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createFileAdapter } from '../src/adapter.js';
import { readYaml, readYamlReference } from '../src/read-yaml.js';

const [mode, file] = process.argv.slice(2) as [string, string];

// A digest of the value read, so that the parent can check both parsers read the same data (not timed).
const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

let value: unknown;
let records: number | undefined;
const start = performance.now();
if (mode === 'parse-old' || mode === 'parse-new') {
  const text = readFileSync(file, 'utf8');
  const begin = performance.now();
  value = (mode === 'parse-old' ? readYamlReference : readYaml)(file, text, false).value;
  const ms = performance.now() - begin;
  console.log(JSON.stringify({ mode, ms, rssMB: Math.round(process.resourceUsage().maxRSS / 1024), digest: digest(value) }));
} else if (mode === 'load') {
  const adapter = createFileAdapter({ path: file });
  await adapter.load();
  records = adapter.count();
  const ms = performance.now() - start;
  console.log(JSON.stringify({ mode, ms, rssMB: Math.round(process.resourceUsage().maxRSS / 1024), records }));
} else {
  throw new Error(`unknown mode ${mode}: parse-old, parse-new or load`);
}
