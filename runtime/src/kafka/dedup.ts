/**
 * Deduplication stores for the consumer loop: a handled message id is remembered, and a
 * redelivered message with that id is skipped. In memory (one process, bounded) or in a table
 * (survives a crash; in the same database as the service's state, `claim` records the id in the
 * transaction of the handler's own writes, so a crash cannot separate the two).
 */
import type { DatabaseSync } from "node:sqlite";
import { quoteIdentifier, sqliteExecutor, statement, type SqlExecutor } from "./sql.js";
import type { DedupStore } from "./types.js";

/** Remembers the last `capacity` message ids of this process (default 100 000). */
export class InMemoryDedupStore implements DedupStore {
  readonly #ids = new Set<string>();

  constructor(private readonly capacity = 100_000) {}

  async seen(messageId: string): Promise<boolean> {
    return this.#ids.has(messageId);
  }

  async remember(messageId: string): Promise<void> {
    this.#ids.add(messageId);
    if (this.#ids.size > this.capacity) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
  }
}

export interface SqlDedupStoreOptions {
  /** Default `concord_dedup`. */
  table?: string;
  /** How long a handled id is kept, in ms (default 7 days); older ones are pruned as new ones arrive. */
  retentionMs?: number;
}

/** Message ids in a table, through `db`; `Tx` is the caller's transaction handle for `claim`. */
export class SqlDedupStore<Tx = SqlExecutor> implements DedupStore {
  readonly #table: string;
  readonly #retentionMs: number;
  #lastPrune = 0;

  constructor(
    protected readonly db: SqlExecutor,
    options: SqlDedupStoreOptions = {},
  ) {
    this.#table = quoteIdentifier(options.table ?? "concord_dedup");
    this.#retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;
  }

  /** The executor of a caller's transaction handle: the handle itself here; the SQLite and PostgreSQL stores wrap theirs. */
  protected executorOf(tx: Tx): SqlExecutor {
    return tx as SqlExecutor;
  }

  /** Creates the table if missing. */
  async init(): Promise<void> {
    await this.db.query(dedupSchema(this.#table));
  }

  async seen(messageId: string): Promise<boolean> {
    const { params, param } = statement(this.db.dialect);
    return (await this.db.query(`SELECT 1 AS seen FROM ${this.#table} WHERE message_id = ${param(messageId)}`, params)).length > 0;
  }

  async remember(messageId: string): Promise<void> {
    await this.#insert(this.db, messageId);
  }

  /**
   * Records `messageId` through `tx`, the transaction of the handler's own writes: false when it
   * was recorded before (a redelivery: skip the work). Of two deliveries at once, one gets true;
   * on PostgreSQL the other waits for its transaction, and gets true only if that rolled back.
   */
  async claim(tx: Tx, messageId: string): Promise<boolean> {
    return this.#insert(this.executorOf(tx), messageId);
  }

  async #insert(db: SqlExecutor, messageId: string): Promise<boolean> {
    const now = Date.now();
    const { params, param } = statement(db.dialect);
    const rows = await db.query(
      `INSERT INTO ${this.#table} (message_id, handled_at) VALUES (${param(messageId)}, ${param(now)}) ON CONFLICT DO NOTHING RETURNING message_id`,
      params,
    );
    if (now - this.#lastPrune > 60_000) {
      this.#lastPrune = now;
      const prune = statement(db.dialect);
      await db.query(`DELETE FROM ${this.#table} WHERE handled_at < ${prune.param(now - this.#retentionMs)}`, prune.params);
    }
    return rows.length > 0;
  }
}

/** Message ids in a SQLite table of an open `node:sqlite` database, created if missing. */
export class SqliteDedupStore extends SqlDedupStore<DatabaseSync> {
  constructor(db: DatabaseSync, options: SqlDedupStoreOptions = {}) {
    super(sqliteExecutor(db), options);
    db.exec(dedupSchema(quoteIdentifier(options.table ?? "concord_dedup")));
  }

  protected override executorOf(tx: DatabaseSync): SqlExecutor {
    return sqliteExecutor(tx);
  }
}

function dedupSchema(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (message_id TEXT PRIMARY KEY, handled_at BIGINT NOT NULL)`;
}
