/** What the notification service sent: one row per notification id, so a redelivery sends nothing twice. */
import { toNumber, toText, type Row, type SqlDatabase, type SqlExecutor, type SqlValue } from "../shared/storage/database.js";
import type { PagePosition } from "./page-token.js";

export type Channel = "EMAIL" | "SMS" | "PUSH";

export interface SentNotification {
  notificationId: string;
  requestId: string;
  username: string;
  type: Channel;
  subject: string;
  content: string;
  recipient: string;
  sentAt: number;
}

export async function createNotificationSchema(db: SqlDatabase): Promise<void> {
  await db.execute(
    `CREATE TABLE IF NOT EXISTS sent_notifications (notification_id TEXT PRIMARY KEY, request_id TEXT NOT NULL, username TEXT NOT NULL,
      type TEXT NOT NULL, subject TEXT NOT NULL, content TEXT NOT NULL, recipient TEXT NOT NULL, sent_at BIGINT NOT NULL)`,
  );
  await db.execute("CREATE INDEX IF NOT EXISTS sent_by_user ON sent_notifications (username, sent_at)");
}

/** Records a notification as sent; false when it was sent before. */
export async function recordSent(tx: SqlExecutor, sent: SentNotification): Promise<boolean> {
  const result = await tx.execute(
    `INSERT INTO sent_notifications (notification_id, request_id, username, type, subject, content, recipient, sent_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [sent.notificationId, sent.requestId, sent.username, sent.type, sent.subject, sent.content, sent.recipient, sent.sentAt],
  );
  return result.changes === 1;
}

export async function sentTo(db: SqlDatabase, username: string): Promise<SentNotification[]> {
  const rows = await db.query("SELECT * FROM sent_notifications WHERE username = ? ORDER BY sent_at, notification_id", [username]);
  return rows.map(sentOf);
}

export interface PageQuery {
  username: string;
  pageSize: number;
  /** Start after this position (the previous page's last notification). */
  after?: PagePosition;
  /** Only this channel. */
  type?: Channel;
}

/** One page of what was sent to a user, newest first, and whether more follow. */
export async function sentPage(db: SqlDatabase, query: PageQuery): Promise<{ page: SentNotification[]; more: boolean }> {
  const where = ["username = ?"];
  const values: SqlValue[] = [query.username];
  if (query.type) {
    where.push("type = ?");
    values.push(query.type);
  }
  if (query.after) {
    where.push("(sent_at < ? OR (sent_at = ? AND notification_id < ?))");
    values.push(query.after.sentAt, query.after.sentAt, query.after.notificationId);
  }
  const rows = await db.query(
    `SELECT * FROM sent_notifications WHERE ${where.join(" AND ")} ORDER BY sent_at DESC, notification_id DESC LIMIT ?`,
    [...values, query.pageSize + 1],
  );
  return { page: rows.slice(0, query.pageSize).map(sentOf), more: rows.length > query.pageSize };
}

function sentOf(row: Row): SentNotification {
  return {
    notificationId: toText(row.notification_id),
    requestId: toText(row.request_id),
    username: toText(row.username),
    type: toText(row.type) as Channel,
    subject: toText(row.subject),
    content: toText(row.content),
    recipient: toText(row.recipient),
    sentAt: toNumber(row.sent_at),
  };
}
