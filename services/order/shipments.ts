/** Which shipment carries each order, and the orders whose delivery is still to be followed. */
import { toText, type SqlDatabase, type SqlExecutor } from "../shared/storage/database.js";
import { ordersInStatus, type OrderRecord } from "./store.js";

export async function createShipmentSchema(db: SqlDatabase): Promise<void> {
  await db.execute("CREATE TABLE IF NOT EXISTS order_shipments (order_id BIGINT PRIMARY KEY, shipment_id TEXT NOT NULL)");
}

export async function recordShipment(tx: SqlExecutor, orderId: number, shipmentId: string): Promise<void> {
  await tx.execute("INSERT INTO order_shipments (order_id, shipment_id) VALUES (?, ?) ON CONFLICT DO NOTHING", [orderId, shipmentId]);
}

export async function shipmentOf(tx: SqlExecutor, orderId: number): Promise<string | undefined> {
  const [row] = await tx.query("SELECT shipment_id FROM order_shipments WHERE order_id = ?", [orderId]);
  return row ? toText(row.shipment_id) : undefined;
}

/** Paid orders not delivered yet (with or without a shipment): what a (re)started follower picks up. */
export async function ordersAwaitingDelivery(db: SqlDatabase, limit = 200): Promise<OrderRecord[]> {
  return [...(await ordersInStatus(db, "PAID", limit)), ...(await ordersInStatus(db, "SHIPPED", limit))];
}
