// Flags that change how the diff is calculated and how the sync applies it (diffsync's semantics).

/**
 * Flags that apply to a whole diff or sync. Every flag is off by default.
 */
export interface GlobalFlags {
  /**
   * Keep going after a handler fails or throws: the element is recorded as failed, its children
   * are skipped, and every other element is still attempted. Without it, the first thrown error
   * stops the sync (soft failures never stop it).
   */
  continueOnFailure?: boolean;
  /** Records only in the source are not created in the target; they count as `skip` in the summary. */
  skipUnmatchedSrc?: boolean;
  /** Records only in the target are not deleted; they count as `skip` in the summary. */
  skipUnmatchedDst?: boolean;
  /** Shorthand for both `skipUnmatchedSrc` and `skipUnmatchedDst`. */
  skipUnmatchedBoth?: boolean;
  /**
   * Keep unchanged records in the diff and report them in the sync result (status `unchanged`)
   * and at debug level in the log. Without it they are only counted.
   */
  logUnchanged?: boolean;
}

/**
 * Flags for one record (set with `adapter.setFlags`) or for every record of a model (the model
 * definition's `flags`). A record's own flags add to its model's.
 */
export interface RecordFlags {
  /** The record and everything below it are left out of the diff, on whichever side it is. Counted as `skip`. */
  ignore?: boolean;
  /**
   * When this record is deleted, its children are not deleted one by one: the target's delete
   * handler is expected to remove them (a cascading delete). They leave the target's store with it.
   */
  skipChildrenOnDelete?: boolean;
  /** If this record is only in the source, it is not created. */
  skipUnmatchedSrc?: boolean;
  /** If this record is only in the target, it is not deleted. */
  skipUnmatchedDst?: boolean;
  /**
   * Delete this record before its children instead of after them (diffsync's default order).
   * Use it when the target removes children itself once their parent is gone.
   */
  deleteParentFirst?: boolean;
}

/** Merges record flags, later ones adding to earlier ones. */
export function mergeFlags(...all: (RecordFlags | undefined)[]): RecordFlags {
  const merged: RecordFlags = {};
  for (const flags of all) {
    if (!flags) continue;
    for (const key of Object.keys(flags) as (keyof RecordFlags)[]) if (flags[key]) merged[key] = true;
  }
  return merged;
}
