// Events of a job run, for progress bars and live views.
import type { StepName, StepRecord, SyncRecord } from './sync-record.js';

/** Something happened in a run. Listeners are called synchronously: keep them cheap. */
export type RunEvent =
  | {
      /**
       * The run started and its record was stored. `record` is the live record, updated by the
       * run as it goes: read it (a CLI marks it when it must exit at once), never change it.
       */
      type: 'run-start';
      /** The live record. */
      record: SyncRecord;
    }
  | {
      /** A step started. */
      type: 'step-start';
      /** Which step. */
      step: StepName;
    }
  | {
      /** A step ended (succeeded, failed, cancelled or skipped). */
      type: 'step-end';
      /** The step's record. */
      step: StepRecord;
    }
  | {
      /** Progress of one model within a step. */
      type: 'progress';
      /** Which step. */
      step: StepName;
      /** The model. */
      model: string;
      /** Records done so far. */
      current: number;
      /** Records to do, when known. */
      total?: number;
    }
  | {
      /** The run ended; the record is final. */
      type: 'run-end';
      /** The final record. */
      record: SyncRecord;
    };

/** Receives run events. */
export type RunEventListener = (event: RunEvent) => void;
