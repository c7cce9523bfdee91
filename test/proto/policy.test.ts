import { describe, expect, it } from "vitest";
import { defaultRetryPolicy } from "../../runtime/src/retry.js";
import { isSafeToRepeat, resolvePolicy } from "../../runtime/src/rpc/policy.js";
import { PaymentService } from "../../generated/proto/payment/v1/payment_pb.js";
import { paymentServiceReliability } from "../../generated/proto/payment/v1/payment_service_client.js";

const { charge, getBalance, createAccount, deposit } = PaymentService.method;

describe("per-method reliability from the contract", () => {
  it("reads the contract's options into the generated table", () => {
    expect(paymentServiceReliability.defaultDeadlineMs).toBe(3_000);
    expect(paymentServiceReliability.methods.charge).toEqual({ idempotencyKeyRequired: true });
    expect(paymentServiceReliability.methods.getBalance).toEqual({ deadlineMs: 1_000 });
    expect(paymentServiceReliability.methods.watchPayment).toEqual({ deadlineMs: 60_000 });
  });

  it("method value beats the service default; caller overrides beat both", () => {
    expect(resolvePolicy(getBalance, paymentServiceReliability, {}, defaultRetryPolicy).deadlineMs).toBe(1_000);
    expect(resolvePolicy(charge, paymentServiceReliability, {}, defaultRetryPolicy).deadlineMs).toBe(3_000);
    expect(resolvePolicy(charge, paymentServiceReliability, { defaultDeadlineMs: 500 }, defaultRetryPolicy).deadlineMs).toBe(500);
    const override = { methods: { getBalance: { deadlineMs: 0, retry: false as const } } };
    expect(resolvePolicy(getBalance, paymentServiceReliability, override, defaultRetryPolicy)).toEqual({
      deadlineMs: undefined,
      idempotencyKeyRequired: false,
      retry: false,
    });
  });

  it("idempotency_level decides which methods are safe to repeat without a key", () => {
    expect(isSafeToRepeat(getBalance)).toBe(true);
    expect(isSafeToRepeat(createAccount)).toBe(true);
    expect(isSafeToRepeat(charge)).toBe(false);
    expect(isSafeToRepeat(deposit)).toBe(false);
  });
});
