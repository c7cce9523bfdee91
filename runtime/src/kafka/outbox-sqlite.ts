/**
 * The embedded outbox on `node:sqlite`: events in a table of the service's own database file.
 * Enqueue through the connection that runs the caller's transaction; give the store (the relay's
 * side) a connection of its own to the same file, so marking rows sent never lands inside a
 * caller's open transaction.
 */
import type { DatabaseSync } from "node:sqlite";
import { outboxSchema, SqlOutboxStore, type SqlOutboxStoreOptions } from "./outbox-sql.js";
import { sqliteExecutor, type SqlExecutor } from "./sql.js";

export class SqliteOutboxStore extends SqlOutboxStore<DatabaseSync> {
  /** `db` is the relay's connection; the table (`concord_outbox` unless named) is created if missing. */
  constructor(db: DatabaseSync, options: SqlOutboxStoreOptions = {}) {
    super(sqliteExecutor(db), options);
    db.exec("PRAGMA busy_timeout = 5000");
    for (const sql of outboxSchema(options.table ?? "concord_outbox", "sqlite")) db.exec(sql);
  }

  protected override executorOf(tx: DatabaseSync): SqlExecutor {
    return sqliteExecutor(tx);
  }
}
