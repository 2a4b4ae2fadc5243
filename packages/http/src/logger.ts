// The logger the HTTP client accepts: @ssot/core's pino-compatible Logger, silent by default.
import type { Logger } from '@ssot/core';

/** A pino-compatible logger (the same interface as `Logger` in `@ssot/core`). The client never prints: it logs through this. */
export type HttpLogger = Logger;

export { silentLogger } from '@ssot/core';
