/**
 * The storage seam of the reference services: a small SQL interface with two implementations,
 * embedded SQLite (node:sqlite, the default, no server) and PostgreSQL (pg, when DATABASE_URL is
 * set). Repositories write SQL in the subset both accept, with `?` placeholders; the PostgreSQL
 * side numbers them. Schema statements that differ go through `dialect`.
 */
export type SqlValue = string | number | bigint | null;

export type Row = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: "sqlite" | "postgres";
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; `changes` is the number of rows it inserted, updated or deleted. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `INTEGER PRIMARY KEY` that numbers itself, in each dialect. */
export function autoIdColumn(db: SqlExecutor): string {
  return db.dialect === "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
}

/** Reads an integer column (PostgreSQL returns BIGINT as a string). */
export function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint" || typeof value === "string") return Number(value);
  throw new Error(`expected a number column, got ${typeof value}`);
}

export function toText(value: unknown): string {
  if (typeof value === "string") return value;
  throw new Error(`expected a text column, got ${typeof value}`);
}
