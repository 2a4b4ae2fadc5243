// The context passed to every command handler, and the handler type.
import type { Document } from './bson-values.js';
import type { Catalog } from './catalog.js';
import type { CursorRegistry } from './cursors.js';
import type { SessionTable } from './transactions.js';
import type { Workspace } from './workspace.js';

/** Server-wide facts reported by handshake/admin commands. */
export interface ServerInfo {
  /** `host:port` the server reports as its address. */
  readonly me: string;
  /** Replica set name reported by hello. */
  readonly setName: string;
  /** Server start time. */
  readonly startedAt: Date;
}

/** Everything a command handler may use. */
export interface CommandContext {
  /** The target database (`$db`). */
  readonly db: string;
  /** The command document. */
  readonly cmd: Document;
  /** Where to read and write (committed data, or the session's transaction). */
  readonly ws: Workspace;
  /** The committed catalog (DDL commands operate on it directly). */
  readonly catalog: Catalog;
  /** Open cursors. */
  readonly cursors: CursorRegistry;
  /** Sessions and transactions. */
  readonly sessions: SessionTable;
  /** Server facts. */
  readonly info: ServerInfo;
  /** The id of the client connection. */
  readonly connectionId: number;
}

/** A command implementation: returns the reply (without `ok`) or throws a CommandError. */
export type CommandHandler = (ctx: CommandContext) => Document;
