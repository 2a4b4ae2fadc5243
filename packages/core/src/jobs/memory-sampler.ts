// Samples process memory while a step runs, so a step's peak is measured and not guessed from its end.
import type { StepMemory } from './sync-record.js';

/** A running sampler: `stop()` ends it and returns the step's memory. */
export interface MemorySampler {
  /** Stops sampling and returns end and peak values. */
  stop(): StepMemory;
}

/**
 * Starts sampling `process.memoryUsage()` (resident set size and V8 heap in use) every
 * `intervalMs` milliseconds, plus once at the start and once at `stop()`.
 *
 * What it can miss: a spike that starts and ends between two samples, and any time the event loop
 * is blocked (a long synchronous diff holds the timer back, so only its start and end are seen).
 * The run's final `process.resourceUsage().maxRSS` gives the true process-wide RSS peak.
 *
 * @param intervalMs - time between samples (default 25 ms)
 * @returns the sampler
 */
export function sampleMemory(intervalMs = 25): MemorySampler {
  let peakRss = 0;
  let peakHeapUsed = 0;
  const sample = (): { rss: number; heapUsed: number } => {
    const usage = process.memoryUsage();
    if (usage.rss > peakRss) peakRss = usage.rss;
    if (usage.heapUsed > peakHeapUsed) peakHeapUsed = usage.heapUsed;
    return usage;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  // The sampler must never keep a process alive on its own.
  timer.unref();
  return {
    stop(): StepMemory {
      clearInterval(timer);
      const end = sample();
      return { endRss: end.rss, endHeapUsed: end.heapUsed, peakRss, peakHeapUsed };
    },
  };
}
