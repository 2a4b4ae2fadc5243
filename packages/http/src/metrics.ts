// Per-client request metrics: counters, byte totals, latency summary from a bounded reservoir, status classes.

/** Latency summary of HTTP attempts, in milliseconds. */
export interface LatencySnapshot {
  /** Number of attempts measured. */
  count: number;
  /** Sum of all latencies. */
  totalMs: number;
  /** Smallest latency (0 when none). */
  minMs: number;
  /** Largest latency (0 when none). */
  maxMs: number;
  /** Mean latency (0 when none). */
  meanMs: number;
  /** Median, from a bounded uniform sample of attempts (0 when none). */
  p50Ms: number;
  /** 95th percentile, from the same sample (0 when none). */
  p95Ms: number;
  /** 99th percentile, from the same sample (0 when none). */
  p99Ms: number;
}

/** A plain, JSON-serialisable snapshot of a client's metrics. */
export interface HttpMetricsSnapshot {
  /** When counting started (ISO 8601): client creation or the last reset. */
  since: string;
  /** Logical calls made (one per `request()`, whatever the number of attempts). */
  calls: number;
  /** Calls that succeeded. */
  successes: number;
  /** Calls that ended in an error (after all retries). */
  failures: number;
  /** HTTP attempts sent (retries included). */
  requests: number;
  /** Attempts that were retries. */
  retries: number;
  /** Request body bytes sent, over all attempts. */
  bytesSent: number;
  /** Response body bytes received, over all attempts. */
  bytesReceived: number;
  /** Attempts by response status class (`2xx`, `4xx`, ...) or `network`/`timeout` when no response came. */
  byStatusClass: Record<string, number>;
  /** Failed calls by {@link HttpErrorCode}. */
  failuresByCode: Record<string, number>;
  /** Attempt latency summary. */
  latency: LatencySnapshot;
}

/** Size of the latency reservoir. */
const RESERVOIR_SIZE = 1024;

/** Mutable metrics accumulator of one client. */
export class MetricsRecorder {
  #since = new Date();
  #calls = 0;
  #successes = 0;
  #failures = 0;
  #requests = 0;
  #retries = 0;
  #bytesSent = 0;
  #bytesReceived = 0;
  #byStatusClass: Record<string, number> = {};
  #failuresByCode: Record<string, number> = {};
  #latencyCount = 0;
  #latencyTotal = 0;
  #latencyMin = Number.POSITIVE_INFINITY;
  #latencyMax = 0;
  #reservoir: number[] = [];

  /** Counts a logical call. */
  call(): void {
    this.#calls += 1;
  }

  /** Counts a successful call. */
  success(): void {
    this.#successes += 1;
  }

  /** Counts a failed call with its error code. */
  failure(code: string): void {
    this.#failures += 1;
    this.#failuresByCode[code] = (this.#failuresByCode[code] ?? 0) + 1;
  }

  /** Counts a retry. */
  retry(): void {
    this.#retries += 1;
  }

  /**
   * Records one HTTP attempt.
   * @param outcome - the status, or `network` / `timeout` / `aborted` when no response came
   * @param latencyMs - time from sending to the end of the response (or the failure)
   * @param bytesSent - request body bytes
   * @param bytesReceived - response body bytes
   */
  attempt(outcome: number | 'network' | 'timeout' | 'aborted', latencyMs: number, bytesSent: number, bytesReceived: number): void {
    this.#requests += 1;
    this.#bytesSent += bytesSent;
    this.#bytesReceived += bytesReceived;
    const key = typeof outcome === 'number' ? `${Math.floor(outcome / 100)}xx` : outcome;
    this.#byStatusClass[key] = (this.#byStatusClass[key] ?? 0) + 1;
    this.#latencyCount += 1;
    this.#latencyTotal += latencyMs;
    this.#latencyMin = Math.min(this.#latencyMin, latencyMs);
    this.#latencyMax = Math.max(this.#latencyMax, latencyMs);
    // Reservoir sampling (algorithm R): a uniform sample of bounded size.
    if (this.#reservoir.length < RESERVOIR_SIZE) {
      this.#reservoir.push(latencyMs);
    } else {
      const slot = Math.floor(Math.random() * this.#latencyCount);
      if (slot < RESERVOIR_SIZE) this.#reservoir[slot] = latencyMs;
    }
  }

  /** Resets every counter. */
  reset(): void {
    this.#since = new Date();
    this.#calls = 0;
    this.#successes = 0;
    this.#failures = 0;
    this.#requests = 0;
    this.#retries = 0;
    this.#bytesSent = 0;
    this.#bytesReceived = 0;
    this.#byStatusClass = {};
    this.#failuresByCode = {};
    this.#latencyCount = 0;
    this.#latencyTotal = 0;
    this.#latencyMin = Number.POSITIVE_INFINITY;
    this.#latencyMax = 0;
    this.#reservoir = [];
  }

  /** A plain JSON-serialisable copy of the current values. */
  snapshot(): HttpMetricsSnapshot {
    const sorted = [...this.#reservoir].sort((a, b) => a - b);
    const count = this.#latencyCount;
    return {
      since: this.#since.toISOString(),
      calls: this.#calls,
      successes: this.#successes,
      failures: this.#failures,
      requests: this.#requests,
      retries: this.#retries,
      bytesSent: this.#bytesSent,
      bytesReceived: this.#bytesReceived,
      byStatusClass: { ...this.#byStatusClass },
      failuresByCode: { ...this.#failuresByCode },
      latency: {
        count,
        totalMs: round(this.#latencyTotal),
        minMs: count === 0 ? 0 : round(this.#latencyMin),
        maxMs: round(this.#latencyMax),
        meanMs: count === 0 ? 0 : round(this.#latencyTotal / count),
        p50Ms: percentile(sorted, 0.5),
        p95Ms: percentile(sorted, 0.95),
        p99Ms: percentile(sorted, 0.99),
      },
    };
  }
}

/** Nearest-rank percentile of an ascending list (0 when empty). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return round(sorted[rank] ?? 0);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
