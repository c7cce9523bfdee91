/**
 * The embedded outbox on `node:sqlite`: events in a table of the service's own database file.
 * Enqueue through the connection that runs the caller's transaction; give the store (the relay's
 * side) a connection of its own to the same file, so marking rows sent never lands inside a
 * caller's open transaction.
 */
import type { DatabaseSync } from "node:sqlite";
import { quoteIdentifier } from "./dedup.js";
import type { OutboxEntry, OutboxStore } from "./outbox.js";
import type { OutgoingRecord } from "./record.js";
import { messageIdOf } from "./record.js";

export class SqliteOutboxStore implements OutboxStore<DatabaseSync> {
  readonly #table: string;

  /** `db` is the relay's connection; the table (`concord_outbox` unless named) is created if missing. */
  constructor(
    private readonly db: DatabaseSync,
    options: { table?: string } = {},
  ) {
    this.#table = quoteIdentifier(options.table ?? "concord_outbox");
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec(`CREATE TABLE IF NOT EXISTS ${this.#table} (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      topic TEXT NOT NULL,
      record_key TEXT,
      value TEXT NOT NULL,
      headers TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      sent_at INTEGER
    )`);
    db.exec(`CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${options.table ?? "concord_outbox"}_unsent`)} ON ${this.#table} (seq) WHERE sent_at IS NULL`);
  }

  async enqueue(tx: DatabaseSync, record: OutgoingRecord): Promise<void> {
    tx.prepare(`INSERT INTO ${this.#table} (id, topic, record_key, value, headers, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
      messageIdOf(record),
      record.topic,
      record.key ?? null,
      record.value.toString(),
      JSON.stringify(record.headers),
      Date.now(),
    );
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const rows = this.db
      .prepare(`SELECT id, topic, record_key, value, headers FROM ${this.#table} WHERE sent_at IS NULL ORDER BY seq LIMIT ?`)
      .all(limit);
    return rows.map((row) => ({
      id: String(row.id),
      topic: String(row.topic),
      key: row.record_key === null ? undefined : String(row.record_key),
      value: String(row.value),
      headers: JSON.parse(String(row.headers)) as Record<string, string>,
    }));
  }

  async markSent(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const update = this.db.prepare(`UPDATE ${this.#table} SET sent_at = ? WHERE id = ?`);
    const now = Date.now();
    this.db.exec("BEGIN IMMEDIATE");
    try {
      for (const id of ids) update.run(now, id);
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }
}
