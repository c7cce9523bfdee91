/** The order service's own data: one row per order; a repeat of a request finds the first order. */
import { createOrderTraceSchema } from "./order-traces.js";
import { createShipmentSchema } from "./shipments.js";
import { autoIdColumn, toNumber, toText, type Row, type SqlDatabase, type SqlExecutor } from "../shared/storage/database.js";

export type OrderState = "NEW" | "PENDING_VALIDATION" | "PAID" | "INSUFFICIENT_FUNDS" | "SHIPPED" | "DELIVERED" | "CANCELLED";

export interface OrderLine {
  productId: string;
  quantity: number;
  /** Unit price in minor units. */
  price: number;
}

export interface OrderRecord {
  orderId: number;
  username: string;
  items: OrderLine[];
  /** Sum of price × quantity, minor units. */
  amount: number;
  currency: string;
  deliveryAddress: string;
  paymentMethod: string;
  status: OrderState;
  requestId: string;
  paymentId: string | undefined;
  createdAt: number;
  updatedAt: number;
}

export async function createOrderSchema(db: SqlDatabase): Promise<void> {
  await db.execute(
    `CREATE TABLE IF NOT EXISTS orders (
      order_id ${autoIdColumn(db)}, username TEXT NOT NULL, idempotency_key TEXT, request_id TEXT NOT NULL UNIQUE,
      items TEXT NOT NULL, amount BIGINT NOT NULL, currency TEXT NOT NULL, delivery_address TEXT NOT NULL, payment_method TEXT NOT NULL,
      status TEXT NOT NULL, payment_id TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
      UNIQUE (username, idempotency_key))`,
  );
  await db.execute("CREATE INDEX IF NOT EXISTS orders_by_status ON orders (status)");
  await createOrderTraceSchema(db);
  await createShipmentSchema(db);
}

export async function findOrder(
  tx: SqlExecutor,
  where: { orderId: number } | { requestId: string } | { username: string; idempotencyKey: string },
): Promise<OrderRecord | undefined> {
  const [sql, params] =
    "orderId" in where
      ? ["order_id = ?", [where.orderId]]
      : "requestId" in where
        ? ["request_id = ?", [where.requestId]]
        : ["username = ? AND idempotency_key = ?", [where.username, where.idempotencyKey]];
  const [row] = await tx.query(`SELECT * FROM orders WHERE ${sql}`, params);
  return row && orderOf(row);
}

export async function insertOrder(
  tx: SqlExecutor,
  order: Omit<OrderRecord, "orderId">,
  idempotencyKey: string | undefined,
): Promise<OrderRecord> {
  const [row] = await tx.query(
    `INSERT INTO orders (username, idempotency_key, request_id, items, amount, currency, delivery_address, payment_method, status, payment_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING order_id`,
    [
      order.username,
      idempotencyKey ?? null,
      order.requestId,
      JSON.stringify(order.items),
      order.amount,
      order.currency,
      order.deliveryAddress,
      order.paymentMethod,
      order.status,
      order.paymentId ?? null,
      order.createdAt,
      order.updatedAt,
    ],
  );
  return { ...order, orderId: toNumber(row?.order_id) };
}

/** Moves an order to `status` if it is in one of `from`; returns whether it moved. */
export async function updateStatus(
  tx: SqlExecutor,
  orderId: number,
  from: readonly OrderState[],
  status: OrderState,
  paymentId?: string,
): Promise<boolean> {
  const marks = from.map(() => "?").join(", ");
  const result = await tx.execute(
    `UPDATE orders SET status = ?, updated_at = ?, payment_id = COALESCE(?, payment_id) WHERE order_id = ? AND status IN (${marks})`,
    [status, Date.now(), paymentId ?? null, orderId, ...from],
  );
  return result.changes === 1;
}

export async function ordersInStatus(db: SqlDatabase, status: OrderState, limit = 50): Promise<OrderRecord[]> {
  const rows = await db.query("SELECT * FROM orders WHERE status = ? ORDER BY order_id LIMIT ?", [status, limit]);
  return rows.map(orderOf);
}

function orderOf(row: Row): OrderRecord {
  return {
    orderId: toNumber(row.order_id),
    username: toText(row.username),
    items: JSON.parse(toText(row.items)) as OrderLine[],
    amount: toNumber(row.amount),
    currency: toText(row.currency),
    deliveryAddress: toText(row.delivery_address),
    paymentMethod: toText(row.payment_method),
    status: toText(row.status) as OrderState,
    requestId: toText(row.request_id),
    paymentId: row.payment_id === null || row.payment_id === undefined ? undefined : toText(row.payment_id),
    createdAt: toNumber(row.created_at),
    updatedAt: toNumber(row.updated_at),
  };
}

export async function deleteOrder(tx: SqlExecutor, orderId: number): Promise<void> {
  await tx.execute("DELETE FROM orders WHERE order_id = ?", [orderId]);
}

export function orderTotal(items: readonly OrderLine[]): number {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}
