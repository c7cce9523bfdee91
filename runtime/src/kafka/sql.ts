/**
 * The one thing the SQL outbox and dedup stores need of a database: run a statement, get its
 * rows. Any handle fits through a few lines (a query builder's raw query, a repository's own
 * wrapper); `sqliteExecutor` makes one of a `node:sqlite` database, and `postgresExecutor`
 * (`/outbox/postgres`, so that nothing else needs `pg`'s types) one of a `pg` pool or client.
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";

export type SqlDialect = "sqlite" | "postgres";

export type SqlParam = string | number | null;

export interface SqlExecutor {
  readonly dialect: SqlDialect;
  /**
   * Runs one statement, written in the dialect's placeholders (`?` for SQLite, `$1`, `$2`… for
   * PostgreSQL), and returns its rows (those of `RETURNING`, none for a plain write).
   */
  query(sql: string, params?: readonly SqlParam[]): Promise<readonly Record<string, unknown>[]>;
}

export function sqliteExecutor(db: DatabaseSync): SqlExecutor {
  return { dialect: "sqlite", query: async (sql, params = []) => db.prepare(sql).all(...(params as SQLInputValue[])) };
}

/** Collects the parameters of one statement; `param` returns the placeholder to write in their place. */
export function statement(dialect: SqlDialect): { params: SqlParam[]; param(value: SqlParam): string; time(ms: number): string } {
  const params: SqlParam[] = [];
  const param = (value: SqlParam) => {
    params.push(value);
    return dialect === "postgres" ? `$${params.length}` : "?";
  };
  // Times are epoch milliseconds on SQLite and TIMESTAMPTZ on PostgreSQL, both from this process's clock.
  const time = (ms: number) => (dialect === "postgres" ? `to_timestamp(${param(ms)}::double precision / 1000)` : param(ms));
  return { params, param, time };
}

export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}
