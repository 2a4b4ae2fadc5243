// Measures how to read a data set's JSON files: readFileSync as utf8 or latin1 string, or JSON.parse of the Buffer.
// Usage: tsx bench/read-json.ts [data set directory] [rounds]  (default: the n1000000-s<SEED> data set, 5 rounds)
// Two measurements, one JSON line per method each:
// - read-json: read + JSON.parse of both files, each (method, file, round) in a fresh process with the engine
//   bench's V8 flags, methods interleaved; medians. JSON.parse dominates and varies with the machine's load.
// - read-decode: read + decode to a string only (what the methods differ in), all in one process, methods
//   interleaved, 3 x rounds repetitions; medians. `buffer` is decoded the way JSON.parse decodes it (toString()).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchSeed, ensureDataset, readJson, readRaw, READ_METHODS, type ReadMethod } from './dataset.js';

/** Reads a file and decodes it to the string JSON.parse would see, without parsing. */
function decode(path: string, method: ReadMethod): string {
  return readRaw(path, method).toString();
}

if (process.argv[2] === '--child') {
  const method = process.argv[3] as ReadMethod;
  const { value, readMs, parseMs } = readJson(process.argv[4] as string, method);
  const rssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ method, readMs, parseMs, rssMB, keys: Object.keys(value as object).length }));
} else {
  const dir = process.argv[2] ?? ensureDataset(1_000_000, benchSeed());
  const rounds = Number(process.argv[3] ?? 5);
  const self = fileURLToPath(import.meta.url);
  const samples = new Map<ReadMethod, { readMs: number; parseMs: number; totalMs: number; rssMB: number }[]>();
  for (let round = 0; round < rounds; round++) {
    // Rotate the order every round so that no method always runs first (cold page cache, CPU boost).
    const order = READ_METHODS.map((_, i) => READ_METHODS[(i + round) % READ_METHODS.length] as ReadMethod);
    for (const method of order) {
      let readMs = 0;
      let parseMs = 0;
      let rssMB = 0;
      for (const file of ['source.json', 'target.json']) {
        const child = spawnSync(process.execPath, ['--max-old-space-size=8192', '--max-semi-space-size=64', '--import', 'tsx', self, '--child', method, join(dir, file)], {
          encoding: 'utf8',
        });
        if (child.status !== 0) throw new Error(`${method} ${file}: ${child.stderr}`);
        const line = JSON.parse(child.stdout) as { readMs: number; parseMs: number; rssMB: number };
        readMs += line.readMs;
        parseMs += line.parseMs;
        rssMB = Math.max(rssMB, line.rssMB);
      }
      const list = samples.get(method) ?? [];
      list.push({ readMs, parseMs, totalMs: readMs + parseMs, rssMB });
      samples.set(method, list);
    }
  }
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const value = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    return Math.round(value * 10) / 10;
  };
  const decodeSamples = new Map<ReadMethod, number[]>();
  let chars = 0;
  for (let round = 0; round < rounds * 3; round++) {
    for (let i = 0; i < READ_METHODS.length; i++) {
      const method = READ_METHODS[(i + round) % READ_METHODS.length] as ReadMethod;
      const start = performance.now();
      chars = 0;
      for (const file of ['source.json', 'target.json']) chars += decode(join(dir, file), method).length;
      const list = decodeSamples.get(method) ?? [];
      list.push(performance.now() - start);
      decodeSamples.set(method, list);
    }
  }
  for (const [method, list] of decodeSamples) {
    console.log(JSON.stringify({ bench: 'read-decode', data: dir, method, rounds: list.length, chars, ms: median(list), min: Math.round(Math.min(...list)), node: process.version }));
  }
  for (const [method, list] of samples) {
    console.log(
      JSON.stringify({
        bench: 'read-json',
        data: dir,
        method,
        rounds: list.length,
        readMs: median(list.map((s) => s.readMs)),
        parseMs: median(list.map((s) => s.parseMs)),
        totalMs: median(list.map((s) => s.totalMs)),
        totalMsAll: list.map((s) => Math.round(s.totalMs)),
        peakRssMB: median(list.map((s) => s.rssMB)),
        node: process.version,
      }),
    );
  }
}
