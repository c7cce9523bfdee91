/**
 * The outbox on PostgreSQL (`pg`): the same table shape as the SQLite one. Enqueue with the
 * client that runs the caller's transaction; the store reads and marks rows through its pool.
 * Run one relay per table: two relays would publish the same rows (consumers would drop the
 * copies by message id, but the work is wasted).
 */
import type { ClientBase, Pool } from "pg";
import { quoteIdentifier } from "./dedup.js";
import type { OutboxEntry, OutboxStore } from "./outbox.js";
import { messageIdOf, type OutgoingRecord } from "./record.js";

export class PostgresOutboxStore implements OutboxStore<ClientBase> {
  readonly #table: string;

  constructor(
    private readonly pool: Pool,
    options: { table?: string } = {},
  ) {
    this.#table = quoteIdentifier(options.table ?? "concord_outbox");
  }

  /** Creates the table if missing. */
  async init(): Promise<void> {
    await this.pool.query(`CREATE TABLE IF NOT EXISTS ${this.#table} (
      seq BIGSERIAL PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      topic TEXT NOT NULL,
      record_key TEXT,
      value TEXT NOT NULL,
      headers JSONB NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      sent_at TIMESTAMPTZ
    )`);
  }

  async enqueue(tx: ClientBase, record: OutgoingRecord): Promise<void> {
    await tx.query(`INSERT INTO ${this.#table} (id, topic, record_key, value, headers) VALUES ($1, $2, $3, $4, $5)`, [
      messageIdOf(record),
      record.topic,
      record.key ?? null,
      record.value.toString(),
      JSON.stringify(record.headers),
    ]);
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const { rows } = await this.pool.query<{ id: string; topic: string; record_key: string | null; value: string; headers: Record<string, string> }>(
      `SELECT id, topic, record_key, value, headers FROM ${this.#table} WHERE sent_at IS NULL ORDER BY seq LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ id: row.id, topic: row.topic, key: row.record_key ?? undefined, value: row.value, headers: row.headers }));
  }

  async markSent(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query(`UPDATE ${this.#table} SET sent_at = now() WHERE id = ANY($1::text[])`, [ids]);
  }
}
