import pg from "pg";
import type { Row, SqlDatabase, SqlExecutor, SqlValue } from "./database.js";

/**
 * The same store on a PostgreSQL server: a pool whose connections live in the service's own
 * schema (created if missing), `?` placeholders numbered to `$1…`.
 */
export async function openPostgres(connectionString: string, schema?: string): Promise<SqlDatabase> {
  if (schema) {
    const setup = new pg.Client({ connectionString });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({ connectionString, max: 10, ...(schema ? { options: `-c search_path="${schema}"` } : {}) });
  // An idle client whose server went away: the pool drops it and the next query connects anew.
  pool.on("error", () => {});
  const executor = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    dialect: "postgres",
    async query<T extends Row>(sql: string, params: readonly SqlValue[] = []) {
      const result = await client.query(numberPlaceholders(sql), params as unknown[]);
      return result.rows as T[];
    },
    async execute(sql: string, params: readonly SqlValue[] = []) {
      const result = await client.query(numberPlaceholders(sql), params as unknown[]);
      return { changes: result.rowCount ?? 0 };
    },
  });
  const onPool = executor(pool);
  return {
    ...onPool,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(executor(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** `a = ? AND b = ?` → `a = $1 AND b = $2`, leaving `?` inside string literals alone. */
export function numberPlaceholders(sql: string): string {
  let index = 0;
  let inString = false;
  let out = "";
  for (const char of sql) {
    if (char === "'") inString = !inString;
    out += char === "?" && !inString ? `$${++index}` : char;
  }
  return out;
}
