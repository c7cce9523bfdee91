import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import type { Row, SqlDatabase, SqlExecutor, SqlValue } from "./database.js";

/**
 * The embedded store: one SQLite file per service (WAL, so the outbox relay and the service read
 * while one writes). node:sqlite is synchronous; an async transaction would interleave with other
 * statements on the same connection, so every statement and transaction waits its turn.
 */
export function openSqlite(path: string): SqlDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;");
  let queue: Promise<unknown> = Promise.resolve();

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  const direct: SqlExecutor = {
    dialect: "sqlite",
    async query<T extends Row>(sql: string, params: readonly SqlValue[] = []) {
      return db.prepare(sql).all(...storable(params)) as T[];
    },
    async execute(sql: string, params: readonly SqlValue[] = []) {
      const result = db.prepare(sql).run(...storable(params));
      return { changes: Number(result.changes) };
    },
  };

  return {
    dialect: "sqlite",
    query: (sql, params) => serialized(() => direct.query(sql, params)),
    execute: (sql, params) => serialized(() => direct.execute(sql, params)),
    transaction: (work) =>
      serialized(async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const result = await work(direct);
          db.exec("COMMIT");
          return result;
        } catch (error) {
          db.exec("ROLLBACK");
          throw error;
        }
      }),
    close: () => serialized(async () => db.close()),
  };
}

/**
 * node:sqlite stores a string with U+0000 whole but reads it back cut at the U+0000, so such a
 * value would be lost without a word; it is refused instead (the contracts forbid it in text).
 */
function storable(params: readonly SqlValue[]): SQLInputValue[] {
  const index = params.findIndex((value) => typeof value === "string" && value.includes("\u0000"));
  if (index >= 0) throw new RangeError(`SQLite parameter ${index + 1} contains U+0000, which SQLite would read back cut short`);
  return params as SQLInputValue[];
}
