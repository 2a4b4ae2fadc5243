// `pnpm bench` for the file integration: parse time of a large YAML inventory document, the yaml package (before) against js-yaml (now).
//
// Writes a deterministic inventory of `--records` records (default 100,000) as a YAML document and as
// a JSON document with the integration's own writer, in a temporary directory, then times, each run
// in its own process, rounds alternating so that background load hits every mode alike:
//   yaml-parse-old  the yaml package: parseDocument + LineCounter + toJS (the reader before)
//   yaml-parse-new  readYaml: js-yaml with the yaml package's core schema (the reader now)
//   yaml-load       the whole adapter load() of the YAML document (read, parse, validate, add)
//   json-load       the same for the JSON document
// One JSON line per measurement: name, n (records), median_ms, runs (each run's ms), rss (median peak
// RSS of a run's process, MB), mb (document size); then one line comparing the two parsers.
// Options: --records N, --runs R (default 5).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileModelOrder } from '../src/models.js';
import { serializeDocument } from '../src/serialize.js';
import { benchInventory } from './inventory.js';

const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
};
const records = option('records', 100_000);
const runs = option('runs', 5);
const runner = join(dirname(fileURLToPath(import.meta.url)), 'yaml-run.ts');
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const round = (ms: number): number => Math.round(ms);
const line = (fields: Record<string, unknown>): void => console.log(JSON.stringify({ bench: 'file-yaml', ...fields, node: process.version }));

interface Run {
  mode: string;
  ms: number;
  rssMB: number;
  digest?: string;
  records?: number;
}

const dir = mkdtempSync(join(tmpdir(), 'ssot-file-bench-'));
try {
  const inventory = benchInventory(records);
  const yamlFile = join(dir, 'inventory.yaml');
  const jsonFile = join(dir, 'inventory.json');
  let start = performance.now();
  writeFileSync(yamlFile, serializeDocument('yaml', inventory, fileModelOrder));
  const writeMs = performance.now() - start;
  writeFileSync(jsonFile, serializeDocument('json', inventory, fileModelOrder));
  const mb = (file: string): number => Math.round((statSync(file).size / 1e6) * 10) / 10;
  // Writing is timed once, for information: the yaml package's Document API, as the adapter writes.
  line({ name: 'yaml-write', n: records, median_ms: round(writeMs), runs: [round(writeMs)], rss: Math.round(process.resourceUsage().maxRSS / 1024), mb: mb(yamlFile) });

  const modes = [
    { name: 'yaml-parse-old', mode: 'parse-old', file: yamlFile, parser: 'yaml (parseDocument + toJS)' },
    { name: 'yaml-parse-new', mode: 'parse-new', file: yamlFile, parser: 'js-yaml (core schema as the yaml package)' },
    { name: 'yaml-load', mode: 'load', file: yamlFile, parser: 'js-yaml' },
    { name: 'json-load', mode: 'load', file: jsonFile, parser: 'JSON.parse' },
  ];
  const results = new Map<string, Run[]>(modes.map((m) => [m.name, []]));
  for (let r = 0; r < runs; r++) {
    for (const m of modes) {
      start = performance.now();
      const child = spawnSync(process.execPath, ['--import', 'tsx', runner, m.mode, m.file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new Error(`${m.name} run failed (exit ${child.status}): ${child.stderr}`);
      results.get(m.name)?.push(JSON.parse(child.stdout.trim().split('\n').pop() as string) as Run);
    }
  }
  const medians = new Map<string, number>();
  for (const m of modes) {
    const done = results.get(m.name) as Run[];
    const loaded = done[0]?.records;
    if (loaded !== undefined && loaded !== records) throw new Error(`${m.name} loaded ${loaded} records, not ${records}`);
    medians.set(m.name, median(done.map((run) => run.ms)));
    line({ name: m.name, n: records, median_ms: round(medians.get(m.name) as number), runs: done.map((run) => round(run.ms)), rss: median(done.map((run) => run.rssMB)), mb: mb(m.file), parser: m.parser });
  }
  const digests = new Set([...(results.get('yaml-parse-old') as Run[]), ...(results.get('yaml-parse-new') as Run[])].map((run) => run.digest));
  const before = medians.get('yaml-parse-old') as number;
  const now = medians.get('yaml-parse-new') as number;
  line({ name: 'yaml-parse-old-vs-new', n: records, old_median_ms: round(before), new_median_ms: round(now), speedup: Math.round((before / now) * 10) / 10, same_value: digests.size === 1, runs });
  if (digests.size !== 1) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
