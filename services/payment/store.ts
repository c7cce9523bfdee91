/**
 * Billing's own data: accounts, deposits (by idempotency key) and payments (one per order,
 * one per idempotency key). Amounts are integer minor units (cents).
 */
import { toNumber, toText, type Row, type SqlDatabase, type SqlExecutor } from "../shared/storage/database.js";

export type PaymentState = "IN_PROGRESS" | "PAID" | "INSUFFICIENT_FUNDS" | "FAILED";

export interface Account {
  username: string;
  balance: number;
  currency: string;
  updatedAt: number;
}

export interface Payment {
  paymentId: string;
  orderId: number;
  username: string;
  amount: number;
  currency: string;
  status: PaymentState;
  message: string;
  requestId: string;
  processedAt: number;
}

export async function createPaymentSchema(db: SqlDatabase): Promise<void> {
  await db.execute(
    "CREATE TABLE IF NOT EXISTS accounts (username TEXT PRIMARY KEY, balance BIGINT NOT NULL, currency TEXT NOT NULL, updated_at BIGINT NOT NULL)",
  );
  await db.execute(
    "CREATE TABLE IF NOT EXISTS deposits (idempotency_key TEXT PRIMARY KEY, username TEXT NOT NULL, amount BIGINT NOT NULL, balance_after BIGINT NOT NULL)",
  );
  await db.execute(
    `CREATE TABLE IF NOT EXISTS payments (
      payment_id TEXT PRIMARY KEY, order_id BIGINT NOT NULL UNIQUE, username TEXT NOT NULL, amount BIGINT NOT NULL, currency TEXT NOT NULL,
      status TEXT NOT NULL, message TEXT NOT NULL, idempotency_key TEXT UNIQUE, request_id TEXT NOT NULL,
      created_at BIGINT NOT NULL, processed_at BIGINT NOT NULL)`,
  );
}

export async function ensureAccount(tx: SqlExecutor, username: string, currency: string): Promise<void> {
  await tx.execute("INSERT INTO accounts (username, balance, currency, updated_at) VALUES (?, 0, ?, ?) ON CONFLICT DO NOTHING", [
    username,
    currency,
    Date.now(),
  ]);
}

export async function findAccount(tx: SqlExecutor, username: string): Promise<Account | undefined> {
  const [row] = await tx.query("SELECT username, balance, currency, updated_at FROM accounts WHERE username = ?", [username]);
  return (
    row && {
      username: toText(row.username),
      balance: toNumber(row.balance),
      currency: toText(row.currency),
      updatedAt: toNumber(row.updated_at),
    }
  );
}

/** Adds `amount` once per idempotency key; returns the balance after (the first call's, on a repeat). */
export async function deposit(
  db: SqlDatabase,
  username: string,
  amount: number,
  currency: string,
  idempotencyKey: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    const [done] = await tx.query("SELECT balance_after FROM deposits WHERE idempotency_key = ?", [`${username}:${idempotencyKey}`]);
    if (done) return toNumber(done.balance_after);
    await ensureAccount(tx, username, currency);
    const account = (await findAccount(tx, username))!;
    if (account.currency !== currency) throw new CurrencyMismatch(currency);
    if (account.balance + amount > MAX_BALANCE) throw new BalanceLimit();
    await tx.execute("UPDATE accounts SET balance = balance + ?, updated_at = ? WHERE username = ?", [amount, Date.now(), username]);
    const balance = (await findAccount(tx, username))!.balance;
    await tx.execute("INSERT INTO deposits (idempotency_key, username, amount, balance_after) VALUES (?, ?, ?, ?)", [
      `${username}:${idempotencyKey}`,
      username,
      amount,
      balance,
    ]);
    return balance;
  });
}

export async function findPayment(
  tx: SqlExecutor,
  where: { paymentId?: string; orderId?: number; idempotencyKey?: string },
): Promise<Payment | undefined> {
  const [column, value] =
    where.paymentId !== undefined
      ? ["payment_id", where.paymentId]
      : where.orderId !== undefined
        ? ["order_id", where.orderId]
        : ["idempotency_key", where.idempotencyKey ?? ""];
  const [row] = await tx.query(`SELECT * FROM payments WHERE ${column} = ?`, [value]);
  return row && paymentOf(row);
}

export async function insertPayment(tx: SqlExecutor, payment: Payment, idempotencyKey: string | undefined): Promise<void> {
  await tx.execute(
    `INSERT INTO payments (payment_id, order_id, username, amount, currency, status, message, idempotency_key, request_id, created_at, processed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      payment.paymentId,
      payment.orderId,
      payment.username,
      payment.amount,
      payment.currency,
      payment.status,
      payment.message,
      idempotencyKey ?? null,
      payment.requestId,
      Date.now(),
      payment.processedAt,
    ],
  );
}

/**
 * Settles an IN_PROGRESS payment: withdraws when the balance covers it. Returns the settled payment,
 * or undefined when another call settled it first.
 */
export async function settlePayment(tx: SqlExecutor, payment: Payment): Promise<Payment> {
  const now = Date.now();
  const withdrawn = await tx.execute(
    "UPDATE accounts SET balance = balance - ?, updated_at = ? WHERE username = ? AND currency = ? AND balance >= ?",
    [payment.amount, now, payment.username, payment.currency, payment.amount],
  );
  const status: PaymentState = withdrawn.changes === 1 ? "PAID" : "INSUFFICIENT_FUNDS";
  const message = status === "PAID" ? "" : "the balance does not cover the amount";
  const updated = await tx.execute(
    "UPDATE payments SET status = ?, message = ?, processed_at = ? WHERE payment_id = ? AND status = 'IN_PROGRESS'",
    [status, message, now, payment.paymentId],
  );
  if (updated.changes === 0) throw new SettledElsewhere();
  return { ...payment, status, message, processedAt: now };
}

/** The highest balance an account may hold: every client reads it exactly as a JSON number (2^53 − 1 minor units). */
export const MAX_BALANCE = Number.MAX_SAFE_INTEGER;

/** A deposit would take the balance above MAX_BALANCE. */
export class BalanceLimit extends Error {
  constructor() {
    super(`the balance would be above ${MAX_BALANCE} minor units`);
  }
}

/** A deposit in another currency than the account's. */
export class CurrencyMismatch extends Error {
  constructor(currency: string) {
    super(`the account is not in ${currency}`);
  }
}

/** Thrown inside a settle transaction to roll the withdrawal back when the payment was no longer in progress. */
export class SettledElsewhere extends Error {}

export async function paymentsInProgress(db: SqlDatabase): Promise<Payment[]> {
  const rows = await db.query("SELECT * FROM payments WHERE status = 'IN_PROGRESS' ORDER BY created_at LIMIT 100");
  return rows.map(paymentOf);
}

function paymentOf(row: Row): Payment {
  return {
    paymentId: toText(row.payment_id),
    orderId: toNumber(row.order_id),
    username: toText(row.username),
    amount: toNumber(row.amount),
    currency: toText(row.currency),
    status: toText(row.status) as PaymentState,
    message: toText(row.message),
    requestId: toText(row.request_id),
    processedAt: toNumber(row.processed_at),
  };
}
