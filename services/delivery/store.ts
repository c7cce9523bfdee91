/** The delivery service's own data: one shipment per order, created once whatever the retries. */
import { randomUUID } from "node:crypto";
import { toNumber, toText, type Row, type SqlDatabase, type SqlExecutor } from "../shared/storage/database.js";

export interface Shipment {
  shipmentId: string;
  orderId: number;
  username: string;
  deliveryAddress: string;
  createdAt: number;
  cancelledAt: number | undefined;
  cancelReason: string | undefined;
}

export async function createDeliverySchema(db: SqlDatabase): Promise<void> {
  await db.execute(
    `CREATE TABLE IF NOT EXISTS shipments (
      shipment_id TEXT PRIMARY KEY, order_id BIGINT NOT NULL UNIQUE, username TEXT NOT NULL, delivery_address TEXT NOT NULL,
      created_at BIGINT NOT NULL, cancelled_at BIGINT, cancel_reason TEXT)`,
  );
}

/** Creates the order's shipment, or returns the one made before (`created: false`). */
export async function createShipment(
  db: SqlDatabase,
  order: { orderId: number; username: string; deliveryAddress: string },
): Promise<{ shipment: Shipment; created: boolean }> {
  return db.transaction(async (tx) => {
    const inserted = await tx.execute(
      "INSERT INTO shipments (shipment_id, order_id, username, delivery_address, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      [`shp-${randomUUID()}`, order.orderId, order.username, order.deliveryAddress, Date.now()],
    );
    const [row] = await tx.query("SELECT * FROM shipments WHERE order_id = ?", [order.orderId]);
    return { shipment: shipmentOf(row!), created: inserted.changes === 1 };
  });
}

export async function findShipment(tx: SqlExecutor, shipmentId: string): Promise<Shipment | undefined> {
  const [row] = await tx.query("SELECT * FROM shipments WHERE shipment_id = ?", [shipmentId]);
  return row && shipmentOf(row);
}

/** Marks the shipment cancelled at `at` unless it was cancelled before; returns it as stored. */
export async function cancelShipment(db: SqlDatabase, shipmentId: string, at: number, reason: string): Promise<Shipment | undefined> {
  await db.execute("UPDATE shipments SET cancelled_at = ?, cancel_reason = ? WHERE shipment_id = ? AND cancelled_at IS NULL", [
    at,
    reason,
    shipmentId,
  ]);
  return findShipment(db, shipmentId);
}

function shipmentOf(row: Row): Shipment {
  return {
    shipmentId: toText(row.shipment_id),
    orderId: toNumber(row.order_id),
    username: toText(row.username),
    deliveryAddress: toText(row.delivery_address),
    createdAt: toNumber(row.created_at),
    cancelledAt: row.cancelled_at === null || row.cancelled_at === undefined ? undefined : toNumber(row.cancelled_at),
    cancelReason: row.cancel_reason === null || row.cancel_reason === undefined ? undefined : toText(row.cancel_reason),
  };
}
