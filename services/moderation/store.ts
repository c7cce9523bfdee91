/** Verdicts of the moderation workers: one per task, so a redelivered task is not judged again. */
import { toNumber, toText, type SqlDatabase, type SqlExecutor } from "../shared/storage/database.js";

export type Verdict = "BAN" | "OK";

export async function createModerationSchema(db: SqlDatabase): Promise<void> {
  await db.execute(
    "CREATE TABLE IF NOT EXISTS verdicts (task_id TEXT PRIMARY KEY, verdict TEXT NOT NULL, worker TEXT NOT NULL, decided_at BIGINT NOT NULL)",
  );
}

/** Stores the verdict; false when the task was decided before. */
export async function recordVerdict(tx: SqlExecutor, taskId: string, verdict: Verdict, worker: string): Promise<boolean> {
  const result = await tx.execute(
    "INSERT INTO verdicts (task_id, verdict, worker, decided_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    [taskId, verdict, worker, Date.now()],
  );
  return result.changes === 1;
}

export async function verdictCount(db: SqlDatabase): Promise<{ tasks: number; byWorker: Record<string, number> }> {
  const rows = await db.query("SELECT worker, COUNT(*) AS n FROM verdicts GROUP BY worker");
  const byWorker = Object.fromEntries(rows.map((row) => [toText(row.worker), toNumber(row.n)]));
  return { tasks: Object.values(byWorker).reduce((a, b) => a + b, 0), byWorker };
}

/** The rule the simulated moderator applies: reasons that name spam or fraud get a ban. */
export function judge(reason: string): Verdict {
  return /spam|fraud|scam/i.test(reason) ? "BAN" : "OK";
}
