import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CircuitBreaker, isCircuitOpen } from "../../runtime/src/rpc/circuit-breaker.js";
import { createPaymentServiceClient } from "../../generated/proto/payment/v1/payment_service_client.js";
import { servePaymentService, type PaymentServiceHandler } from "../../generated/proto/payment/v1/payment_service_server.js";
import { createNodeTransport } from "../../runtime/src/rpc/node-transport.js";
import { startPayment, type PaymentFixture } from "./support/serve-payment.js";

const charge = { orderId: 1n, username: "alice", total: { amount: 100n, currency: "EUR" } };
const fastRetry = { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 100, multiplier: 2 };
/** Deadlines long enough that a loaded CI machine does not turn a retry or probe into a timeout. */
const patient = { defaultDeadlineMs: 15_000, methods: { getBalance: { deadlineMs: 15_000 } } };

describe("generated client reliability against the real payment server", () => {
  let payment: PaymentFixture;
  beforeAll(async () => {
    payment = await startPayment();
  });
  afterAll(() => payment.server.close());
  beforeEach(() => {
    payment.service.failures = { remaining: 0, code: Code.Unavailable };
    payment.service.delayMs = 0;
  });

  it("deadline: a handler slower than the deadline gives DeadlineExceeded in time, not after the handler", async () => {
    payment.service.delayMs = 5_000;
    const client = payment.client({ methods: { getBalance: { deadlineMs: 300 } } });
    const started = performance.now();
    const error = await client.getBalance({ username: "alice" }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.DeadlineExceeded);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("deadline: the contract's default (3000 ms for PaymentService) reaches the server as the timeout header", async () => {
    await payment.client().createAccount({ username: "deadline-user", currency: "EUR" });
    expect(payment.service.lastTimeoutMs).toBeGreaterThan(2_000);
    expect(payment.service.lastTimeoutMs).toBeLessThanOrEqual(3_000);
  });

  it("retry: Unavailable twice then success is one logical call; same idempotency key seen 3 times, charged once", async () => {
    payment.service.failures = { remaining: 2, code: Code.Unavailable };
    const retries: number[] = [];
    const client = payment.client({ ...patient, retry: fastRetry, onRetry: (e) => retries.push(e.attempt) });
    const chargesBefore = payment.service.charges;
    const keysBefore = payment.service.keysSeen.length;
    const callsBefore = payment.service.calls;

    const result = await client.charge(charge);

    expect(result.paymentId).toMatch(/^pay-/);
    expect(retries).toEqual([1, 2]);
    expect(payment.service.calls - callsBefore).toBe(3);
    expect(payment.service.charges - chargesBefore).toBe(1);
    const keys = payment.service.keysSeen.slice(keysBefore);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it("retry: a method that is neither idempotent nor keyed is not retried", async () => {
    const lenient = await startPayment({ requireIdempotencyKey: false });
    try {
      lenient.service.failures = { remaining: 1, code: Code.Unavailable };
      const client = lenient.client({ retry: fastRetry, methods: { deposit: { idempotencyKeyRequired: false } } });
      const error = await client.deposit({ username: "alice", amount: { amount: 1n, currency: "EUR" } }).catch((e: unknown) => e);
      expect((error as ConnectError).code).toBe(Code.Unavailable);
      expect(lenient.service.calls).toBe(1);
    } finally {
      await lenient.server.close();
    }
  });

  it("retry: a server stream (NO_SIDE_EFFECTS) that fails before its first message is retried", async () => {
    const client = payment.client({ ...patient, retry: fastRetry });
    const { paymentId } = await client.charge(charge);
    payment.service.failures = { remaining: 2, code: Code.Unavailable };
    const statuses: number[] = [];
    const callsBefore = payment.service.calls;
    for await (const update of client.watchPayment({ paymentId })) statuses.push(update.status);
    expect(statuses.length).toBe(2);
    expect(payment.service.calls - callsBefore).toBe(3);

    for await (const first of client.watchPayment({ paymentId })) {
      expect(first.paymentId).toBe(paymentId);
      break; // stopping early closes the stream; the client stays usable
    }
    await expect(client.getBalance({ username: "alice" })).resolves.toBeDefined();
  });

  it("circuit breaker: keeps failing → short-circuited without a call; after cool-down one probe closes it", async () => {
    const states: string[] = [];
    const breaker = new CircuitBreaker("payment", { failureThreshold: 3, coolDownMs: 400, onStateChange: (s) => states.push(s) });
    const client = payment.client({ ...patient, breaker, retry: false });
    payment.service.failures = { remaining: 1_000, code: Code.Unavailable };

    for (let i = 0; i < 3; i++) {
      await expect(client.getBalance({ username: "alice" })).rejects.toMatchObject({ code: Code.Unavailable });
    }
    expect(breaker.state).toBe("open");
    const callsWhenOpen = payment.service.calls;
    const shortCircuited = await client.getBalance({ username: "alice" }).catch((e: unknown) => e);
    expect(isCircuitOpen(shortCircuited)).toBe(true);
    expect(payment.service.calls).toBe(callsWhenOpen);

    payment.service.failures = { remaining: 0, code: Code.Unavailable };
    await expect
      .poll(
        () =>
          client.getBalance({ username: "alice" }).then(
            () => true,
            () => false,
          ),
        { timeout: 5_000, interval: 100 },
      )
      .toBe(true);
    expect(breaker.state).toBe("closed");
    expect(states).toEqual(["open", "half-open", "closed"]);
    expect(payment.service.calls).toBe(callsWhenOpen + 1);
  });

  it("traceparent: the caller's trace reaches the handler as the parent of the server span", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const before = payment.service.traces.length;
    await payment.client().getBalance({ username: "alice" }, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const seen = payment.service.traces[before]!;
    expect(seen.traceId).toBe(traceId);
    expect(seen.spanId).not.toBe("00f067aa0ba902b7");

    await payment.client().getBalance({ username: "alice" });
    const fresh = payment.service.traces[before + 1]!;
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.traceId).not.toBe(traceId);
  });

  it("traceparent: a handler's own outgoing call continues the incoming trace (AsyncLocalStorage)", async () => {
    const backend = payment.client();
    const proxy: PaymentServiceHandler = {
      getBalance: (request) => backend.getBalance(request),
      charge: (request) => backend.charge(request),
      watchPayment: (request) => backend.watchPayment(request),
      createAccount: (request) => backend.createAccount(request),
      deposit: (request) => backend.deposit(request),
    };
    const front = await servePaymentService(proxy);
    try {
      const traceId = "0af7651916cd43dd8448eb211c80319c";
      const before = payment.service.traces.length;
      const client = createPaymentServiceClient(createNodeTransport({ baseUrl: front.url }));
      await client.getBalance({ username: "alice" }, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } });
      expect(payment.service.traces[before]?.traceId).toBe(traceId);
    } finally {
      await front.close();
    }
  });
});
