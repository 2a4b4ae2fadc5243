// Public entry of @ssot/cli: the program, job discovery and the CLI's error type, for tools built on it.
export { CliError, EXIT_JOB_FAILED, EXIT_OK, EXIT_USAGE } from './cli-error.js';
export { discoverJobs, findJob, formatSkippedProvider } from './discover-jobs.js';
export type { DiscoveredJob, DiscoverOptions, SkippedJobProvider, SsotPackageField } from './discover-jobs.js';
export { main } from './program.js';
