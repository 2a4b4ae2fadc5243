// Typed progress events of the diff and the sync, for progress bars and tests.

/** Progress of one model within a phase. */
export interface ProgressEvent {
  /** `diff` while calculating, `sync` while applying. */
  phase: 'diff' | 'sync';
  /** The model being worked on. */
  model: string;
  /** Records done so far for this model in this phase. */
  current: number;
  /** Records to do for this model in this phase (for the diff: records of the model on both sides). */
  total: number;
}

/** Receives progress events. Called often: keep it cheap. */
export type ProgressListener = (event: ProgressEvent) => void;

/** How many records pass between two progress events of one model at most (the sync also reports after every handler call). */
export const PROGRESS_INTERVAL = 5000;
