import { join } from "node:path";
import type { ServiceConfig } from "../config.js";
import type { SqlDatabase } from "./database.js";
import { openPostgres } from "./postgres.js";
import { openSqlite } from "./sqlite.js";

/**
 * The store of one service: its own schema on PostgreSQL when `DATABASE_URL` is set, else its own
 * SQLite file under `DATA_DIR` (or in memory when DATA_DIR is `:memory:`).
 */
export async function openDatabase(service: string, config: Pick<ServiceConfig, "databaseUrl" | "dataDir">): Promise<SqlDatabase> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, service.replace(/[^a-z0-9_]/gi, "_"));
  if (config.dataDir === ":memory:") return openSqlite(":memory:");
  return openSqlite(join(config.dataDir, `${service}.sqlite`));
}
