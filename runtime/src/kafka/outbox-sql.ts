/**
 * The outbox table on SQLite or PostgreSQL through a `SqlExecutor`: the one implementation under
 * `SqliteOutboxStore`, `PostgresOutboxStore`, and a store on a handle of the caller's own.
 *
 * Several relays may share a table (instances of one service on one store): a relay leases the
 * rows it is about to send (`claimed_by` until `claimed_until`), so two relays do not send the
 * same row, and the rows of a relay that died are taken over when its lease runs out, at once by
 * a relay of the same owner name (the same instance, restarted).
 */
import { quoteIdentifier, statement, type SqlDialect, type SqlExecutor } from "./sql.js";
import type { OutboxEntry, OutboxStore } from "./outbox.js";
import { messageIdOf, type OutgoingRecord } from "./record.js";

export interface SqlOutboxStoreOptions {
  /** Default `concord_outbox`. */
  table?: string;
  /** How long sent rows stay in the table before they are deleted, in ms (default one hour). */
  keepSentMs?: number;
}

/** The store through `db` (the relay's side); `enqueue` writes through the caller's transaction. */
export class SqlOutboxStore<Tx = SqlExecutor> implements OutboxStore<Tx> {
  readonly #name: string;
  readonly #table: string;
  readonly #keepSentMs: number;
  #lastPrune = 0;

  constructor(
    protected readonly db: SqlExecutor,
    options: SqlOutboxStoreOptions = {},
  ) {
    this.#name = options.table ?? "concord_outbox";
    this.#table = quoteIdentifier(this.#name);
    this.#keepSentMs = options.keepSentMs ?? 3_600_000;
  }

  /** The executor of a caller's transaction handle: the handle itself here; the SQLite and PostgreSQL stores wrap theirs. */
  protected executorOf(tx: Tx): SqlExecutor {
    return tx as SqlExecutor;
  }

  /** Creates the table if missing. */
  async init(): Promise<void> {
    for (const sql of outboxSchema(this.#name, this.db.dialect)) await this.db.query(sql);
  }

  async enqueue(tx: Tx, record: OutgoingRecord): Promise<void> {
    const executor = this.executorOf(tx);
    const { params, param, time } = statement(executor.dialect);
    const values = [
      param(messageIdOf(record)),
      param(record.topic),
      param(record.key ?? null),
      param(record.value.toString()),
      param(JSON.stringify(record.headers)),
      time(Date.now()),
    ];
    await executor.query(
      `INSERT INTO ${this.#table} (id, topic, record_key, value, headers, created_at) VALUES (${values.join(", ")})`,
      params,
    );
  }

  async claim(owner: string, limit: number, leaseMs: number): Promise<OutboxEntry[]> {
    const now = Date.now();
    const { params, param } = statement(this.db.dialect);
    const t = this.#table;
    const free = () => `sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < ${param(now)} OR claimed_by = ${param(owner)})`;
    // Never past a row another live relay holds: overtaking it (the rows of a relay killed
    // mid-send stay leased until the lease runs out) would publish an order's later status before
    // its earlier one. `free()` again outside the subquery, so that on PostgreSQL a relay that
    // waited for another's claim of the same rows re-checks them and leaves them.
    const rows = await this.db.query(
      `UPDATE ${t} SET claimed_by = ${param(owner)}, claimed_until = ${param(now + leaseMs)}
       WHERE ${free()} AND seq IN (
         SELECT seq FROM ${t} WHERE ${free()}
           AND seq < COALESCE((SELECT MIN(seq) FROM ${t} WHERE sent_at IS NULL AND claimed_by <> ${param(owner)} AND claimed_until >= ${param(now)}), seq + 1)
         ORDER BY seq LIMIT ${param(limit)})
       RETURNING seq, id, topic, record_key, value, headers`,
      params,
    );
    return [...rows].sort((a, b) => Number(a.seq) - Number(b.seq)).map(toEntry);
  }

  async markSent(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const now = Date.now();
    const { params, param, time } = statement(this.db.dialect);
    await this.db.query(
      `UPDATE ${this.#table} SET sent_at = ${time(now)} WHERE sent_at IS NULL AND id IN (${ids.map(param).join(", ")})`,
      params,
    );
    if (now - this.#lastPrune < 60_000) return;
    this.#lastPrune = now;
    const prune = statement(this.db.dialect);
    await this.db.query(`DELETE FROM ${this.#table} WHERE sent_at < ${prune.time(now - this.#keepSentMs)}`, prune.params);
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const { params, param } = statement(this.db.dialect);
    const rows = await this.db.query(
      `SELECT id, topic, record_key, value, headers FROM ${this.#table} WHERE sent_at IS NULL ORDER BY seq LIMIT ${param(limit)}`,
      params,
    );
    return rows.map(toEntry);
  }
}

/** The statements that create the table and its index of unsent rows. */
export function outboxSchema(name: string, dialect: SqlDialect): string[] {
  const table = quoteIdentifier(name);
  const [seq, headers, time] =
    dialect === "postgres" ? ["BIGSERIAL PRIMARY KEY", "JSONB", "TIMESTAMPTZ"] : ["INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT", "INTEGER"];
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      seq ${seq},
      id TEXT NOT NULL UNIQUE,
      topic TEXT NOT NULL,
      record_key TEXT,
      value TEXT NOT NULL,
      headers ${headers} NOT NULL,
      created_at ${time} NOT NULL,
      sent_at ${time},
      claimed_by TEXT,
      claimed_until BIGINT
    )`,
    `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${name}_unsent`)} ON ${table} (seq) WHERE sent_at IS NULL`,
  ];
}

function toEntry(row: Record<string, unknown>): OutboxEntry {
  return {
    id: String(row.id),
    topic: String(row.topic),
    key: row.record_key === null ? undefined : String(row.record_key),
    value: String(row.value),
    // JSONB comes back parsed (pg), TEXT as the JSON text.
    headers: (typeof row.headers === "string" ? JSON.parse(row.headers) : row.headers) as Record<string, string>,
  };
}
