/**
 * The stores on PostgreSQL (`pg`), apart from the rest so that only `/outbox/postgres` needs `pg`'s
 * types. Enqueue or claim with the client that runs the caller's transaction; the stores lease,
 * read and mark rows through their pool. Relays of several instances may share the outbox table:
 * each leases the rows it sends. Call `init()` once to create a table if missing.
 */
import type { ClientBase, Pool } from "pg";
import { SqlDedupStore, type SqlDedupStoreOptions } from "./dedup.js";
import { SqlOutboxStore, type SqlOutboxStoreOptions } from "./outbox-sql.js";
import type { SqlExecutor } from "./sql.js";

export function postgresExecutor(db: Pool | ClientBase): SqlExecutor {
  return { dialect: "postgres", query: async (sql, params = []) => (await db.query(sql, [...params])).rows as Record<string, unknown>[] };
}

export class PostgresOutboxStore extends SqlOutboxStore<ClientBase> {
  constructor(pool: Pool, options: SqlOutboxStoreOptions = {}) {
    super(postgresExecutor(pool), options);
  }

  protected override executorOf(tx: ClientBase): SqlExecutor {
    return postgresExecutor(tx);
  }
}

/** Message ids in a PostgreSQL table; `claim` takes the transaction's client. */
export class PostgresDedupStore extends SqlDedupStore<ClientBase> {
  constructor(pool: Pool, options: SqlDedupStoreOptions = {}) {
    super(postgresExecutor(pool), options);
  }

  protected override executorOf(tx: ClientBase): SqlExecutor {
    return postgresExecutor(tx);
  }
}
