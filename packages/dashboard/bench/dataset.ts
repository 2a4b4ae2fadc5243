// The benchmark's history: a FileRecorder directory holding one finished run with a 100 000-element diff, made once.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FileRecorder } from '@ssot/core';
import { bigRunRecord, type BigRunShape } from '../src/__fixtures__/big-run.js';

/** 1000 sites × 9 devices × 10 interfaces: 100 000 diff elements. */
export const SHAPE: BigRunShape = { sites: 1000, devices: 9, interfaces: 10 };

/**
 * The runs directory of the benchmark, recorded by `FileRecorder` the first time.
 *
 * @returns the directory and the size of the run's `diff.json` in bytes
 */
export async function ensureRunsDirectory(): Promise<{ directory: string; diffBytes: number }> {
  const directory = join(process.env.SSOT_BENCH_DATA ?? '/tmp/ssot-bench/data', `dashboard-${SHAPE.sites}x${SHAPE.devices}x${SHAPE.interfaces}`);
  const runDir = (): string | undefined => (existsSync(directory) ? readdirSync(directory).find((name) => existsSync(join(directory, name, 'record.json'))) : undefined);
  if (runDir() === undefined) {
    const history = new FileRecorder({ directory });
    const record = bigRunRecord(SHAPE);
    await history.start(record);
    await history.finish(record);
  }
  const name = runDir();
  if (name === undefined) throw new Error(`no run recorded in ${directory}`);
  return { directory, diffBytes: statSync(join(directory, name, 'diff.json')).size };
}
