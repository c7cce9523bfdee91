/**
 * The gateway's own data: credentials of registered users (the seeds' auth service lives in the
 * gateway here), reports and their verdicts (the report service), and the order status changes
 * it read from Kafka, which the status stream replays (`Last-Event-ID` is the row id).
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { autoIdColumn, toNumber, toText, type Row, type SqlDatabase, type SqlExecutor } from "../shared/storage/database.js";

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

export async function createGatewaySchema(db: SqlDatabase): Promise<void> {
  await db.execute(
    "CREATE TABLE IF NOT EXISTS credentials (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, registered_at BIGINT NOT NULL)",
  );
  await db.execute(
    `CREATE TABLE IF NOT EXISTS reports (report_id TEXT PRIMARY KEY, target_type TEXT NOT NULL, target_id TEXT NOT NULL, reason TEXT NOT NULL,
      reporter TEXT NOT NULL, status TEXT NOT NULL, verdict TEXT, comment TEXT, created_at BIGINT NOT NULL, resolved_at BIGINT)`,
  );
  await db.execute(
    `CREATE TABLE IF NOT EXISTS status_events (event_id ${autoIdColumn(db)}, order_id BIGINT NOT NULL, username TEXT NOT NULL,
      status TEXT NOT NULL, previous_status TEXT, occurred_at BIGINT NOT NULL, UNIQUE (order_id, status))`,
  );
}

// --- credentials ---------------------------------------------------------------------------

/** Stores the credential; false when the username is taken. */
export async function insertCredential(tx: SqlExecutor, username: string, password: string, registeredAt: number): Promise<boolean> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  const result = await tx.execute(
    "INSERT INTO credentials (username, password_hash, registered_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    [username, `${salt.toString("hex")}:${hash.toString("hex")}`, registeredAt],
  );
  return result.changes === 1;
}

export async function checkPassword(db: SqlDatabase, username: string, password: string): Promise<boolean> {
  const [row] = await db.query("SELECT password_hash FROM credentials WHERE username = ?", [username]);
  if (!row) return false;
  const [salt, hash] = toText(row.password_hash).split(":");
  const expected = Buffer.from(hash ?? "", "hex");
  const actual = await scrypt(password, Buffer.from(salt ?? "", "hex"), expected.length);
  return expected.length > 0 && timingSafeEqual(expected, actual);
}

// --- reports -------------------------------------------------------------------------------

export interface ReportRecord {
  reportId: string;
  targetType: "AD" | "USER";
  targetId: string;
  reason: string;
  reporter: string;
  status: "PROCESSING" | "RESOLVED";
  verdict: "BAN" | "OK" | undefined;
  comment: string | undefined;
  createdAt: number;
  resolvedAt: number | undefined;
}

export async function insertReport(tx: SqlExecutor, report: ReportRecord): Promise<void> {
  await tx.execute(
    "INSERT INTO reports (report_id, target_type, target_id, reason, reporter, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [report.reportId, report.targetType, report.targetId, report.reason, report.reporter, report.status, report.createdAt],
  );
}

export async function resolveReport(
  db: SqlDatabase,
  reportId: string,
  verdict: "BAN" | "OK",
  comment: string | undefined,
  resolvedAt: number,
): Promise<void> {
  await db.execute(
    "UPDATE reports SET status = 'RESOLVED', verdict = ?, comment = ?, resolved_at = ? WHERE report_id = ? AND status = 'PROCESSING'",
    [verdict, comment ?? null, resolvedAt, reportId],
  );
}

export async function findReport(db: SqlDatabase, reportId: string): Promise<ReportRecord | undefined> {
  const [row] = await db.query("SELECT * FROM reports WHERE report_id = ?", [reportId]);
  return row && reportOf(row);
}

function reportOf(row: Row): ReportRecord {
  const optional = (value: unknown) => (value === null || value === undefined ? undefined : value);
  return {
    reportId: toText(row.report_id),
    targetType: toText(row.target_type) as ReportRecord["targetType"],
    targetId: toText(row.target_id),
    reason: toText(row.reason),
    reporter: toText(row.reporter),
    status: toText(row.status) as ReportRecord["status"],
    verdict: optional(row.verdict) as ReportRecord["verdict"],
    comment: optional(row.comment) as string | undefined,
    createdAt: toNumber(row.created_at),
    resolvedAt: row.resolved_at === null || row.resolved_at === undefined ? undefined : toNumber(row.resolved_at),
  };
}

// --- order status events -------------------------------------------------------------------

export interface StatusEvent {
  eventId: number;
  orderId: number;
  username: string;
  status: string;
  previousStatus: string | undefined;
  occurredAt: number;
}

/** Records a status change once (a redelivered change is ignored); returns the stored event when new. */
export async function recordStatusEvent(db: SqlDatabase, event: Omit<StatusEvent, "eventId">): Promise<StatusEvent | undefined> {
  const [row] = await db.query(
    `INSERT INTO status_events (order_id, username, status, previous_status, occurred_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [event.orderId, event.username, event.status, event.previousStatus ?? null, event.occurredAt],
  );
  return row ? { ...event, eventId: toNumber(row.event_id) } : undefined;
}

export async function statusEventsOf(db: SqlDatabase, orderId: number, afterEventId = 0): Promise<StatusEvent[]> {
  const rows = await db.query("SELECT * FROM status_events WHERE order_id = ? AND event_id > ? ORDER BY event_id", [orderId, afterEventId]);
  return rows.map((row) => ({
    eventId: toNumber(row.event_id),
    orderId: toNumber(row.order_id),
    username: toText(row.username),
    status: toText(row.status),
    previousStatus: row.previous_status === null || row.previous_status === undefined ? undefined : toText(row.previous_status),
    occurredAt: toNumber(row.occurred_at),
  }));
}
