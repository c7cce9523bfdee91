/**
 * Idempotent consumers: a handler records the message id it handled in the same transaction as
 * the state change it made, so a redelivered message (at-least-once) changes nothing twice.
 */
import type { SqlDatabase, SqlExecutor } from "../storage/database.js";

export async function createInboxTable(db: SqlDatabase): Promise<void> {
  await db.execute("CREATE TABLE IF NOT EXISTS inbox (message_id TEXT PRIMARY KEY, handled_at BIGINT NOT NULL)");
}

/**
 * Runs `work` in a transaction unless `messageId` was handled before; returns false for a duplicate.
 */
export async function handleOnce(db: SqlDatabase, messageId: string, work: (tx: SqlExecutor) => Promise<void>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx.execute("INSERT INTO inbox (message_id, handled_at) VALUES (?, ?) ON CONFLICT DO NOTHING", [messageId, Date.now()]);
    if (claimed.changes === 0) return false;
    await work(tx);
    return true;
  });
}
