/**
 * Deduplication stores for the consumer loop: a handled message id is remembered, and a
 * redelivered message with that id is skipped. In memory (one process, bounded) or in SQLite
 * (survives a crash; the same database file as the service's state keeps them consistent).
 */
import type { DatabaseSync } from "node:sqlite";
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

/**
 * Message ids in a SQLite table (`concord_dedup` unless named otherwise) of an open
 * `node:sqlite` database. Ids older than `retentionMs` (default 7 days) are pruned as new ones arrive.
 */
export class SqliteDedupStore implements DedupStore {
  readonly #table: string;
  readonly #retentionMs: number;
  #lastPrune = 0;

  constructor(
    private readonly db: DatabaseSync,
    options: { table?: string; retentionMs?: number } = {},
  ) {
    this.#table = quoteIdentifier(options.table ?? "concord_dedup");
    this.#retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;
    db.exec(`CREATE TABLE IF NOT EXISTS ${this.#table} (message_id TEXT PRIMARY KEY, handled_at INTEGER NOT NULL)`);
  }

  async seen(messageId: string): Promise<boolean> {
    return this.db.prepare(`SELECT 1 FROM ${this.#table} WHERE message_id = ?`).get(messageId) !== undefined;
  }

  async remember(messageId: string): Promise<void> {
    const now = Date.now();
    this.db.prepare(`INSERT OR IGNORE INTO ${this.#table} (message_id, handled_at) VALUES (?, ?)`).run(messageId, now);
    if (now - this.#lastPrune > 60_000) {
      this.#lastPrune = now;
      this.db.prepare(`DELETE FROM ${this.#table} WHERE handled_at < ?`).run(now - this.#retentionMs);
    }
  }
}

export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}
