// Records a V8 CPU profile of the process and writes it as a .cpuprofile file (Chrome DevTools, speedscope).
import { Session } from 'node:inspector/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** A running CPU profile: `stop()` ends it and writes the file. */
export interface CpuProfiler {
  /** Stops profiling, writes the profile and returns the file's absolute path. */
  stop(): Promise<string>;
}

/**
 * Starts profiling the main thread with V8's sampling profiler through `node:inspector`.
 * The file opens in Chrome DevTools (Performance tab, "Load profile"), VS Code and speedscope.
 *
 * @param file - where to write the profile (`.cpuprofile`)
 * @param samplingIntervalUs - microseconds between samples (default 1000)
 * @returns the running profiler
 */
export async function startCpuProfile(file: string, samplingIntervalUs = 1000): Promise<CpuProfiler> {
  const path = resolve(file);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
  await session.post('Profiler.start');
  return {
    async stop(): Promise<string> {
      try {
        const { profile } = await session.post('Profiler.stop');
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, JSON.stringify(profile));
        return path;
      } finally {
        session.disconnect();
      }
    },
  };
}
