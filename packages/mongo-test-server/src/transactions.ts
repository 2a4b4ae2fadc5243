// Multi-document transactions with snapshot isolation, and the session table that tracks them.
import type { Document } from './bson-values.js';
import { isPlainObject } from './bson-values.js';
import { canonicalKey } from './canonical.js';
import type { Catalog } from './catalog.js';
import { CollectionState } from './collection-state.js';
import { CommandError, ErrorCodes } from './errors.js';
import type { StoredDoc } from './stored-doc.js';
import type { CollectionWriter, Workspace } from './workspace.js';

const TRANSIENT = 'TransientTransactionError';

/** Creates the WriteConflict (112) error with the `TransientTransactionError` label. */
export function writeConflict(): CommandError {
  return new CommandError(
    ErrorCodes.WriteConflict,
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    {},
    [TRANSIENT],
  );
}

function splitNs(ns: string): [string, string] {
  const i = ns.indexOf('.');
  return [ns.slice(0, i), ns.slice(i + 1)];
}

/** One multi-document transaction: reads a snapshot plus its own writes; applies atomically on commit. */
export class Transaction implements Workspace {
  /** Always true. */
  readonly inTransaction = true;
  /** Lifecycle state. */
  status: 'active' | 'committed' | 'aborted' = 'active';
  /** When the transaction started (ms since epoch). */
  readonly startedAt = Date.now();
  private readonly snapshot = new Map<string, CollectionState>();
  private readonly own = new Map<string, CollectionState>();
  /** Namespace → `_id` key → the record as of the snapshot (before this transaction's writes). */
  readonly writes = new Map<string, Map<string, StoredDoc | undefined>>();

  /**
   * Starts a transaction, taking a snapshot of every collection.
   * @param txnNumber - The session's transaction number (decimal string).
   * @param catalog - The committed catalog.
   * @param others - Returns the other active transactions (for write-write conflict detection).
   */
  constructor(
    readonly txnNumber: string,
    private readonly catalog: Catalog,
    private readonly others: () => Iterable<Transaction>,
  ) {
    for (const [ns, meta] of catalog.entries()) {
      this.snapshot.set(ns, meta.state);
      meta.state.frozen++;
    }
  }

  /** {@inheritDoc Workspace.read} */
  read(db: string, coll: string): CollectionState | undefined {
    const ns = `${db}.${coll}`;
    return this.own.get(ns) ?? this.snapshot.get(ns);
  }

  /** {@inheritDoc Workspace.collectionNames} */
  collectionNames(db: string): string[] {
    const names = new Set<string>();
    for (const ns of [...this.snapshot.keys(), ...this.own.keys()]) {
      const [d, c] = splitNs(ns);
      if (d === db) names.add(c);
    }
    return [...names];
  }

  private privateState(db: string, coll: string): CollectionState {
    const ns = `${db}.${coll}`;
    let state = this.own.get(ns);
    if (state === undefined) {
      const snap = this.snapshot.get(ns);
      if (snap !== undefined) state = snap.clone();
      else {
        state = new CollectionState();
        for (const ix of this.catalog.get(db, coll)?.state.indexes ?? []) state.addIndex(ns, ix.def);
      }
      this.own.set(ns, state);
    }
    return state;
  }

  private guard(ns: string, idKey: string): void {
    let set = this.writes.get(ns);
    if (set?.has(idKey)) return;
    const [db, coll] = splitNs(ns);
    const committed = this.catalog.get(db, coll)?.state.docs.get(idKey);
    const snap = this.snapshot.get(ns)?.docs.get(idKey);
    if (committed !== snap) throw writeConflict();
    for (const other of this.others()) {
      if (other !== this && other.status === 'active' && other.writes.get(ns)?.has(idKey)) throw writeConflict();
    }
    if (set === undefined) {
      set = new Map();
      this.writes.set(ns, set);
    }
    set.set(idKey, this.privateState(db, coll).docs.get(idKey));
  }

  /** {@inheritDoc Workspace.writer} */
  writer(db: string, coll: string): CollectionWriter {
    const ns = `${db}.${coll}`;
    const mine = (): CollectionState => this.privateState(db, coll);
    return {
      get state(): CollectionState {
        return mine();
      },
      insert: (raw: Document) => {
        const state = mine();
        this.guard(ns, canonicalKey(raw._id));
        return state.insert(ns, raw);
      },
      replace: (idKey: string, raw: Document) => {
        const state = mine();
        this.guard(ns, idKey);
        return state.replace(ns, idKey, raw);
      },
      remove: (idKey: string) => {
        const state = mine();
        this.guard(ns, idKey);
        state.remove(idKey);
      },
    };
  }

  private release(): void {
    for (const state of this.snapshot.values()) state.frozen--;
    this.snapshot.clear();
    this.own.clear();
  }

  /** Aborts the transaction, discarding its writes. */
  abort(): void {
    if (this.status !== 'active') return;
    this.status = 'aborted';
    this.release();
  }

  /** Commits atomically; throws WriteConflict (112) when a written document changed since the snapshot. */
  commit(): void {
    if (this.status !== 'active') return;
    const next: Array<[string, CollectionState]> = [];
    try {
      for (const [ns, writes] of this.writes) {
        if (writes.size === 0) continue;
        const [db, coll] = splitNs(ns);
        const mine = this.own.get(ns);
        if (mine === undefined) continue;
        const meta = this.catalog.get(db, coll);
        const snap = this.snapshot.get(ns);
        if (meta === undefined) {
          if (snap !== undefined) throw writeConflict();
          next.push([ns, mine]);
          continue;
        }
        if (meta.state === snap) {
          next.push([ns, mine]);
          continue;
        }
        for (const [idKey, before] of writes) {
          if (meta.state.docs.get(idKey) !== before) throw writeConflict();
        }
        const merged = meta.state.clone();
        for (const idKey of writes.keys()) merged.put(ns, idKey, mine.docs.get(idKey));
        next.push([ns, merged]);
      }
    } catch (err) {
      this.abort();
      throw err;
    }
    for (const [ns, state] of next) {
      const [db, coll] = splitNs(ns);
      const meta = this.catalog.get(db, coll);
      if (meta === undefined) this.catalog.create(db, coll, {}, state);
      else meta.state = state;
      for (const idKey of this.writes.get(ns)?.keys() ?? []) this.catalog.recordDoc(db, coll, idKey, state.docs.get(idKey));
    }
    this.status = 'committed';
    this.release();
  }
}

interface SessionEntry {
  txn: Transaction | undefined;
}

/** Result of resolving a command's transaction context. */
export type TxnContext =
  | { readonly kind: 'none' }
  | { readonly kind: 'txn'; readonly txn: Transaction }
  | { readonly kind: 'committed'; readonly txn: Transaction };

function noSuchTransaction(txnNumber: string): CommandError {
  return new CommandError(
    ErrorCodes.NoSuchTransaction,
    `Transaction with { txnNumber: ${txnNumber} } has been aborted.`,
    {},
    [TRANSIENT],
  );
}

/** Tracks logical sessions and their transactions. */
export class SessionTable {
  private readonly sessions = new Map<string, SessionEntry>();

  /**
   * Creates the table.
   * @param catalog - The committed catalog transactions snapshot and commit to.
   * @param lifetimeMs - Transactions older than this are aborted (MongoDB's transactionLifetimeLimitSeconds).
   */
  constructor(
    private readonly catalog: Catalog,
    private readonly lifetimeMs = 60_000,
  ) {}

  /** Iterates the currently active transactions (aborting expired ones). */
  *activeTransactions(): IterableIterator<Transaction> {
    const now = Date.now();
    for (const s of this.sessions.values()) {
      const txn = s.txn;
      if (txn?.status !== 'active') continue;
      if (now - txn.startedAt > this.lifetimeMs) {
        txn.abort();
        continue;
      }
      yield txn;
    }
  }

  /** Resolves the transaction a command runs in (starting one on `startTransaction`). */
  resolve(cmd: Document): TxnContext {
    const lsid = cmd.lsid;
    if (!isPlainObject(lsid) || cmd.txnNumber === undefined || cmd.autocommit === undefined) return { kind: 'none' };
    if (cmd.autocommit !== false) {
      throw new CommandError(ErrorCodes.InvalidOptions, 'autocommit must be false when specified');
    }
    const key = canonicalKey(lsid.id);
    const txnNumber = String(cmd.txnNumber);
    let session = this.sessions.get(key);
    if (session === undefined) {
      session = { txn: undefined };
      this.sessions.set(key, session);
    }
    if (cmd.startTransaction === true) {
      for (const _ of this.activeTransactions()) {
        // iterating aborts expired transactions so their snapshots are released
      }
      session.txn?.abort();
      session.txn = new Transaction(txnNumber, this.catalog, () => this.activeTransactions());
      return { kind: 'txn', txn: session.txn };
    }
    const txn = session.txn;
    if (txn === undefined || txn.txnNumber !== txnNumber) throw noSuchTransaction(txnNumber);
    if (txn.status === 'committed') return { kind: 'committed', txn };
    if (txn.status === 'aborted') throw noSuchTransaction(txnNumber);
    return { kind: 'txn', txn };
  }

  /** Aborts and forgets every session whose id is listed (endSessions). */
  end(ids: unknown[]): void {
    for (const id of ids) {
      if (!isPlainObject(id)) continue;
      const key = canonicalKey(id.id);
      this.sessions.get(key)?.txn?.abort();
      this.sessions.delete(key);
    }
  }

  /** Aborts every transaction and forgets all sessions. */
  clear(): void {
    for (const s of this.sessions.values()) s.txn?.abort();
    this.sessions.clear();
  }
}
