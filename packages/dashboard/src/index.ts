// Public entry of @ssot/dashboard: the web dashboard of ssot (jobs, history, run details, live runs).
export { startDashboard } from './start-dashboard.js';
export type { AnyJobDefinition, DashboardJob, DashboardOptions, RunningDashboard } from './options.js';
export type { LiveStep, ModelProgress, RunProgress } from './live-runs.js';
