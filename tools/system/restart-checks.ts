/**
 * What the restart tests check after an outage, from the outside (gateway) and from the
 * services' own stores: every order paid once, one charge and one notification per order, and
 * a status stream with no repeated status.
 */
import { join } from "node:path";
import { sentTo } from "../../services/notification/store.js";
import { openSqlite } from "../../services/shared/storage/sqlite.js";
import type { SqlDatabase } from "../../services/shared/storage/database.js";
import type { GatewayClient, HttpResult } from "./gateway-client.js";
import { eventually } from "../wait.js";
import { afterFaultMs, duplicateWindowMs } from "./timeouts.js";

/** Statuses the delivery step may add after PAID. */
const afterPaid = ["SHIPPED", "DELIVERED"];

/** Opens a service's SQLite file for a look (WAL: safe next to the running service). */
export async function withStore<T>(dataDir: string, service: string, read: (db: SqlDatabase) => Promise<T>): Promise<T> {
  const db = openSqlite(join(dataDir, `${service}.sqlite`));
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

/** Waits until every order is PAID (or past it, with the delivery step); returns when that was. */
export async function allPaid(
  client: GatewayClient,
  token: string,
  orderIds: readonly number[],
  timeoutMs = afterFaultMs,
): Promise<number> {
  for (const orderId of orderIds) {
    await eventually(
      async () => {
        const order = await client.request<{ status: string }>("GET", `/order/${orderId}`, { token }).catch(() => undefined);
        const status = order?.body?.status;
        if (status === "INSUFFICIENT_FUNDS") throw new Error(`order ${orderId} was refused: INSUFFICIENT_FUNDS`);
        return status === "PAID" || afterPaid.includes(status ?? "") ? true : undefined;
      },
      timeoutMs,
      `order ${orderId} to be paid`,
    );
  }
  return Date.now();
}

/** The payments billing recorded per order of `username` (more than one row per order = charged twice). */
export function paymentsPerOrder(dataDir: string, username: string): Promise<Map<number, number>> {
  return withStore(dataDir, "payment", async (db) => {
    const rows = await db.query("SELECT order_id, status FROM payments WHERE username = ? ORDER BY order_id", [username]);
    const counts = new Map<number, number>();
    for (const row of rows) counts.set(Number(row.order_id), (counts.get(Number(row.order_id)) ?? 0) + 1);
    return counts;
  });
}

/** Notifications sent to `username`, once the count has stopped at `expected` (or the wait ran out). */
export async function notificationsFor(dataDir: string, username: string, expected: number, timeoutMs = afterFaultMs): Promise<string[]> {
  await eventually(
    async () => ((await withStore(dataDir, "notification", (db) => sentTo(db, username))).length >= expected ? true : undefined),
    timeoutMs,
    `${expected} notifications for ${username}`,
  ).catch(() => undefined);
  // A moment more, so a duplicate arriving late would be seen.
  await new Promise((resolve) => setTimeout(resolve, duplicateWindowMs));
  return (await withStore(dataDir, "notification", (db) => sentTo(db, username))).map((sent) => sent.notificationId);
}

/**
 * The statuses the client sees on the order's status stream: the stored changes are replayed at
 * once, so this reads until the stream ends or has been quiet for a second after PAID.
 */
export async function streamedStatuses(client: GatewayClient, token: string, orderId: number, timeoutMs = 30_000): Promise<string[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const statuses: string[] = [];
  let quiet: NodeJS.Timeout | undefined;
  try {
    const response = await fetch(`${client.baseUrl}/api/v1/order/${orderId}/status-stream`, {
      headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
      signal: abort.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`status stream of order ${orderId}: ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trim())
          .join("\n");
        if (!data) continue;
        statuses.push((JSON.parse(data) as { status: string }).status);
        if (statuses.includes("PAID")) {
          clearTimeout(quiet);
          quiet = setTimeout(() => abort.abort(), 1_000);
        }
      }
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    clearTimeout(quiet);
  }
  return statuses;
}

/** The expected path up to PAID, then at most the delivery statuses in their order. */
export function withoutDeliverySteps(statuses: readonly string[]): string[] {
  const paid = statuses.indexOf("PAID");
  if (paid < 0) return [...statuses];
  const rest = statuses.slice(paid + 1);
  const expectedRest = afterPaid.slice(0, rest.length);
  return rest.every((status, index) => status === expectedRest[index]) ? statuses.slice(0, paid + 1) : [...statuses];
}

/**
 * The orders the first answers stand for: a 201 as it is; one a fault cut off (503: not queued,
 * 504: no outcome in time) is asked for again with its Idempotency-Key until it is 201 — which
 * finds the same order, or places it now, never a second one.
 */
export async function placedOrders(
  client: GatewayClient,
  token: string,
  price: number,
  keys: readonly string[],
  answers: readonly HttpResult[],
  timeoutMs = afterFaultMs,
): Promise<number[]> {
  const orderIds: number[] = [];
  for (const [index, answer] of answers.entries()) {
    const final =
      answer.status === 201
        ? answer
        : await eventually(
            async () => {
              const again = await client.createOrder(token, price, keys[index]).catch(() => undefined);
              return again?.status === 201 ? again : undefined;
            },
            timeoutMs,
            `order ${keys[index]} to be placed after the fault`,
          );
    orderIds.push((final.body as { orderId: number }).orderId);
  }
  return orderIds;
}
