/**
 * The order service's behaviour, free of transport: create an order once per request or
 * idempotency key, and move it through its statuses. Every status change runs `onStatus` inside
 * the same transaction, so its events go out through the outbox with the change or not at all.
 */
import { EventEmitter } from "node:events";
import type { SqlDatabase, SqlExecutor } from "../shared/storage/database.js";
import { saveOrderTrace } from "./order-traces.js";
import { findOrder, insertOrder, orderTotal, updateStatus, type OrderLine, type OrderRecord, type OrderState } from "./store.js";

export interface CreateOrderCommand {
  username: string;
  items: OrderLine[];
  currency: string;
  deliveryAddress: string;
  paymentMethod: string;
  requestId: string;
  idempotencyKey?: string;
  status: OrderState;
  /** Store the order without announcing it (the sync flow announces it once the outcome is known). */
  silent?: boolean;
}

export type StatusHook = (tx: SqlExecutor, order: OrderRecord, previous: OrderState | undefined) => Promise<void>;

export class Orders {
  /** Emits `changed` with the order after each committed status change. */
  readonly events = new EventEmitter();

  constructor(
    private readonly db: SqlDatabase,
    private readonly onStatus: StatusHook,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Creates the order, or returns the one an earlier identical request created (`created: false`). */
  async create(command: CreateOrderCommand): Promise<{ order: OrderRecord; created: boolean }> {
    const result = await this.db.transaction((tx) => this.createIn(tx, command));
    if (result.created && !command.silent) this.events.emit("changed", result.order);
    return result;
  }

  async createIn(tx: SqlExecutor, command: CreateOrderCommand): Promise<{ order: OrderRecord; created: boolean }> {
    const earlier =
      (command.idempotencyKey ? await findOrder(tx, { username: command.username, idempotencyKey: command.idempotencyKey }) : undefined) ??
      (await findOrder(tx, { requestId: command.requestId }));
    if (earlier) return { order: earlier, created: false };
    const now = Date.now();
    const order = await insertOrder(
      tx,
      {
        username: command.username,
        items: command.items,
        amount: orderTotal(command.items),
        currency: command.currency,
        deliveryAddress: command.deliveryAddress,
        paymentMethod: command.paymentMethod,
        status: command.status,
        requestId: command.requestId,
        paymentId: undefined,
        createdAt: now,
        updatedAt: now,
      },
      command.idempotencyKey,
    );
    await saveOrderTrace(tx, order.orderId);
    if (!command.silent) await this.onStatus(tx, order, undefined);
    return { order, created: true };
  }

  /** Moves the order to `status` when it is in one of `from`; returns the order as it is afterwards. */
  async transition(orderId: number, from: readonly OrderState[], status: OrderState, paymentId?: string): Promise<OrderRecord | undefined> {
    let moved: OrderRecord | undefined;
    const order = await this.db.transaction(async (tx) => {
      moved = await this.transitionIn(tx, orderId, from, status, paymentId);
      return moved ?? findOrder(tx, { orderId });
    });
    if (moved) this.events.emit("changed", moved);
    return order;
  }

  /** Like `transition` inside the caller's transaction; returns the moved order, or undefined when it did not move. */
  async transitionIn(
    tx: SqlExecutor,
    orderId: number,
    from: readonly OrderState[],
    status: OrderState,
    paymentId?: string,
  ): Promise<OrderRecord | undefined> {
    const before = await findOrder(tx, { orderId });
    if (!before || !(await updateStatus(tx, orderId, from, status, paymentId))) return undefined;
    const after = (await findOrder(tx, { orderId }))!;
    await this.onStatus(tx, after, before.status);
    return after;
  }

  find(orderId: number): Promise<OrderRecord | undefined> {
    return findOrder(this.db, { orderId });
  }
}

export const finalPaymentStates: readonly OrderState[] = ["PAID", "INSUFFICIENT_FUNDS"];
