// Options of the example adapter.

/** Options of {@link createExampleAdapter}. */
export interface ExampleAdapterOptions {
  /** Adapter name shown in diffs and logs. */
  name: string;
  /** JSON file holding the side's records ({@link ExampleData}). */
  file: string;
  /** When `file` does not exist yet, start from a copy of this file (the simulated controller's first state). */
  seedFile?: string;
  /** Write the records back to `file` after a sync (the adapter is a sync target). */
  writable?: boolean;
}
