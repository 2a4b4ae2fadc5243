// What a generation will write: the files, computed in memory before anything touches the disk.

/** One file of a plan. */
export interface PlannedFile {
  /** Absolute path. */
  path: string;
  /** The full new content. */
  content: string;
  /** `create` for a new file, `update` for a changed existing one. */
  action: 'create' | 'update';
}

/** Everything one generator command will write; empty when there is nothing to do. */
export interface GenerationPlan {
  /** Files to write, in a stable order. */
  files: PlannedFile[];
  /** Directory of the integration created or changed. */
  dir: string;
  /** Whether there is nothing to write (everything is already in place: a second run of the same command). */
  unchanged: boolean;
  /** What to run next, for people. */
  nextSteps: string[];
}
