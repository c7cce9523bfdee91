/**
 * Billing's behaviour, free of transport: charge an order once (by order id and idempotency key),
 * settle it against the balance, and tell watchers. `onSettled` runs inside the settling
 * transaction, so the Kafka event of the outcome is written through the outbox atomically.
 */
import { randomUUID } from "node:crypto";
import { EventEmitter, on } from "node:events";
import type { SqlDatabase, SqlExecutor } from "../shared/storage/database.js";
import { findPayment, insertPayment, paymentsInProgress, settlePayment, SettledElsewhere, type Payment } from "./store.js";

export interface ChargeCommand {
  orderId: number;
  username: string;
  amount: number;
  currency: string;
  requestId: string;
  idempotencyKey?: string;
}

export class Billing {
  private readonly settled = new EventEmitter();

  constructor(
    private readonly db: SqlDatabase,
    private readonly onSettled: (tx: SqlExecutor, payment: Payment) => Promise<void>,
  ) {
    this.settled.setMaxListeners(0);
  }

  /** Accepts a charge ("payment in progress") and settles it right after; a repeat returns the first payment. */
  async charge(command: ChargeCommand): Promise<Payment> {
    const payment = await this.db.transaction(async (tx) => (await this.existing(tx, command)) ?? this.insert(tx, command));
    if (payment.status === "IN_PROGRESS") setImmediate(() => void this.settle(payment).catch(() => undefined));
    return payment;
  }

  /** Accepts and settles in the caller's transaction (the Kafka consumer of OrderCreated). */
  async chargeNow(tx: SqlExecutor, command: ChargeCommand): Promise<Payment> {
    const existing = await this.existing(tx, command);
    if (existing && existing.status !== "IN_PROGRESS") return existing;
    const payment = existing ?? (await this.insert(tx, command));
    const settled = await settlePayment(tx, payment);
    await this.onSettled(tx, settled);
    setImmediate(() => this.settled.emit(settled.paymentId, settled));
    return settled;
  }

  async settle(payment: Payment): Promise<Payment | undefined> {
    try {
      const settled = await this.db.transaction(async (tx) => {
        const result = await settlePayment(tx, payment);
        await this.onSettled(tx, result);
        return result;
      });
      if (settled) this.settled.emit(settled.paymentId, settled);
      return settled;
    } catch (error) {
      if (error instanceof SettledElsewhere) return undefined;
      throw error;
    }
  }

  /** Settles payments a crash left in progress. */
  async settleLeftovers(): Promise<void> {
    for (const payment of await paymentsInProgress(this.db)) await this.settle(payment);
  }

  find(paymentId: string): Promise<Payment | undefined> {
    return findPayment(this.db, { paymentId });
  }

  /** The payment now, then each change, until it is final or `signal` aborts. */
  async *watch(paymentId: string, signal: AbortSignal): AsyncGenerator<Payment> {
    const stop = new AbortController();
    const changes = on(this.settled, paymentId, { signal: AbortSignal.any([signal, stop.signal]) });
    try {
      const current = await this.find(paymentId);
      if (!current) return;
      yield current;
      if (current.status !== "IN_PROGRESS") return;
      const again = await this.find(paymentId);
      if (again && again.status !== "IN_PROGRESS") return yield again;
      for await (const [payment] of changes) return yield payment as Payment;
    } finally {
      stop.abort();
    }
  }

  private async existing(tx: SqlExecutor, command: ChargeCommand): Promise<Payment | undefined> {
    if (command.idempotencyKey) {
      const byKey = await findPayment(tx, { idempotencyKey: `${command.username}:${command.idempotencyKey}` });
      if (byKey) return byKey;
    }
    return findPayment(tx, { orderId: command.orderId });
  }

  private async insert(tx: SqlExecutor, command: ChargeCommand): Promise<Payment> {
    const payment: Payment = {
      paymentId: randomUUID(),
      orderId: command.orderId,
      username: command.username,
      amount: command.amount,
      currency: command.currency,
      status: "IN_PROGRESS",
      message: "payment in progress",
      requestId: command.requestId,
      processedAt: Date.now(),
    };
    const key = command.idempotencyKey ? `${command.username}:${command.idempotencyKey}` : undefined;
    await insertPayment(tx, payment, key);
    return payment;
  }
}
