/**
 * The trace each order belongs to: the span it was created in is stored with it, so the steps
 * that happen later on their own (charging, shipping, a restart's catch-up) continue the trace
 * of the request that created the order, and every event of the order carries the same trace id.
 */
import { childContext, currentTrace, formatTraceparent, nextTraceparent, parseTraceparent } from "@concordkit/runtime";
import { toText, type SqlDatabase, type SqlExecutor } from "../shared/storage/database.js";

export async function createOrderTraceSchema(db: SqlDatabase): Promise<void> {
  await db.execute("CREATE TABLE IF NOT EXISTS order_traces (order_id BIGINT PRIMARY KEY, traceparent TEXT NOT NULL)");
}

/** Stores the active span (or a new trace) as the order's trace. */
export async function saveOrderTrace(tx: SqlExecutor, orderId: number): Promise<void> {
  const active = currentTrace();
  const traceparent = active ? formatTraceparent(active) : nextTraceparent();
  await tx.execute("INSERT INTO order_traces (order_id, traceparent) VALUES (?, ?) ON CONFLICT DO NOTHING", [orderId, traceparent]);
}

export async function orderTrace(tx: SqlExecutor, orderId: number): Promise<string | undefined> {
  const [row] = await tx.query("SELECT traceparent FROM order_traces WHERE order_id = ?", [orderId]);
  return row ? toText(row.traceparent) : undefined;
}

/**
 * The `traceparent` of an event about the order: a child of the active span when that is in the
 * order's trace (or the order has none stored), else a child of the order's own trace.
 */
export async function eventTraceparent(tx: SqlExecutor, orderId: number): Promise<string> {
  const stored = parseTraceparent(await orderTrace(tx, orderId));
  const active = currentTrace();
  if (active && (!stored || stored.traceId === active.traceId)) return formatTraceparent(childContext(active));
  return stored ? formatTraceparent(childContext(stored)) : nextTraceparent();
}
