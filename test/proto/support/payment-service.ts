import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import type { TraceContext } from "../../../runtime/src/trace-context.js";
import { traceContextKey } from "../../../runtime/src/rpc/traceparent.js";
import { PaymentStatus, type ChargeRequest, type WatchPaymentRequest } from "../../../generated/proto/payment/v1/payment_pb.js";
import type { PaymentServiceHandler } from "../../../generated/proto/payment/v1/payment_service_server.js";

interface Payment {
  paymentId: string;
  orderId: bigint;
  username: string;
  amount: bigint;
}

/**
 * A payment service built on the generated skeleton, small enough to read: charges are kept in
 * memory and deduplicated by idempotency key; tests inject faults and read what the server saw.
 */
export class TestPaymentService implements PaymentServiceHandler {
  readonly payments = new Map<string, Payment>();
  readonly balances = new Map<string, bigint>([["alice", 10_000n]]);
  /** Every idempotency key a Charge arrived with, repeats included. */
  readonly keysSeen: string[] = [];
  /** The trace context each call was handled in. */
  readonly traces: TraceContext[] = [];
  /** The next N calls fail with this code before doing anything. */
  failures: { remaining: number; code: Code } = { remaining: 0, code: Code.Unavailable };
  /** Every call waits this long first (honouring cancellation). */
  delayMs = 0;
  calls = 0;
  /** The deadline the last call arrived with, as the server reads it from the timeout header. */
  lastTimeoutMs: number | undefined;
  charges = 0;

  async charge(request: ChargeRequest, context: HandlerContext) {
    const key = context.requestHeader.get("idempotency-key") ?? "";
    this.keysSeen.push(key);
    await this.enter(context);
    const existing = this.payments.get(key);
    if (existing) return { paymentId: existing.paymentId, status: PaymentStatus.IN_PROGRESS };
    if (!request.total || request.total.amount <= 0n) {
      throw new ConnectError("total.amount must be positive", Code.InvalidArgument);
    }
    this.charges++;
    const payment = {
      paymentId: `pay-${this.payments.size + 1}`,
      orderId: request.orderId,
      username: request.username,
      amount: request.total.amount,
    };
    this.payments.set(key, payment);
    return { paymentId: payment.paymentId, status: PaymentStatus.IN_PROGRESS };
  }

  async *watchPayment(request: WatchPaymentRequest, context: HandlerContext) {
    await this.enter(context);
    const payment = [...this.payments.values()].find((p) => p.paymentId === request.paymentId);
    if (!payment) throw new ConnectError(`no payment ${request.paymentId}`, Code.NotFound);
    const base = { paymentId: payment.paymentId, orderId: payment.orderId };
    yield { ...base, status: PaymentStatus.IN_PROGRESS, occurredAt: timestampFromMs(Date.now()) };
    const balance = this.balances.get(payment.username) ?? 0n;
    const paid = balance >= payment.amount;
    if (paid) this.balances.set(payment.username, balance - payment.amount);
    yield {
      ...base,
      status: paid ? PaymentStatus.PAID : PaymentStatus.INSUFFICIENT_FUNDS,
      message: paid ? "" : "balance too low",
      occurredAt: timestampFromMs(Date.now()),
    };
  }

  async createAccount(request: { username: string; currency: string }, context: HandlerContext) {
    await this.enter(context);
    if (!this.balances.has(request.username)) this.balances.set(request.username, 0n);
    return { username: request.username, balance: { amount: this.balances.get(request.username)!, currency: request.currency } };
  }

  async deposit(request: { username: string; amount?: { amount: bigint; currency: string } }, context: HandlerContext) {
    await this.enter(context);
    const next = (this.balances.get(request.username) ?? 0n) + (request.amount?.amount ?? 0n);
    this.balances.set(request.username, next);
    return { balance: { amount: next, currency: request.amount?.currency ?? "EUR" } };
  }

  async getBalance(request: { username: string }, context: HandlerContext) {
    await this.enter(context);
    const balance = this.balances.get(request.username);
    if (balance === undefined) throw new ConnectError(`no account for ${request.username}`, Code.NotFound);
    return { username: request.username, balance: { amount: balance, currency: "EUR" } };
  }

  private async enter(context: HandlerContext): Promise<void> {
    this.calls++;
    this.lastTimeoutMs = context.timeoutMs();
    const trace = context.values.get(traceContextKey);
    if (trace) this.traces.push(trace);
    if (this.delayMs > 0) await abortableDelay(this.delayMs, context.signal);
    if (this.failures.remaining > 0) {
      this.failures.remaining--;
      throw new ConnectError("injected failure", this.failures.code);
    }
  }
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
