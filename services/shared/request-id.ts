import { createHash } from "node:crypto";

/**
 * The saga's request id of an order a user asked for with an idempotency key: the same for every
 * repeat, and 64 characters whatever the name and key (the contracts' `RequestId` takes 128 at most).
 */
export function orderRequestId(username: string, idempotencyKey: string): string {
  return createHash("sha256").update(`${username}\n${idempotencyKey}`).digest("hex");
}
