/**
 * The outbox on PostgreSQL (`pg`): the same table as the SQLite one. Enqueue with the client that
 * runs the caller's transaction; the store leases, reads and marks rows through its pool. Relays
 * of several instances may share the table: each leases the rows it sends.
 */
import type { ClientBase, Pool } from "pg";
import { SqlOutboxStore, type SqlOutboxStoreOptions } from "./outbox-sql.js";
import { postgresExecutor, type SqlExecutor } from "./sql.js";

export class PostgresOutboxStore extends SqlOutboxStore<ClientBase> {
  /** Call `init()` once to create the table if missing. */
  constructor(pool: Pool, options: SqlOutboxStoreOptions = {}) {
    super(postgresExecutor(pool), options);
  }

  protected override executorOf(tx: ClientBase): SqlExecutor {
    return postgresExecutor(tx);
  }
}
