import { Code, ConnectError, createContextKey } from "@connectrpc/connect";

/**
 * When the logical call must be done (epoch ms), for interceptors: retries check it before
 * sleeping, and each attempt sends only the time left.
 */
export const deadlineKey = createContextKey<number | undefined>(undefined, { description: "call deadline (epoch ms)" });

/**
 * The deadline of a logical call: the caller's `timeoutMs` when given (0 or less means none),
 * else the method's default from the contract or the client options.
 */
export function effectiveDeadline(callTimeoutMs: number | undefined, defaultMs: number | undefined): number | undefined {
  if (callTimeoutMs !== undefined) return callTimeoutMs > 0 ? callTimeoutMs : undefined;
  return defaultMs;
}

/** Milliseconds left until `deadlineAt`, for the timeout of the next attempt; throws once it has passed. */
export function remainingMs(deadlineAt: number | undefined): number | undefined {
  if (deadlineAt === undefined) return undefined;
  const left = deadlineAt - Date.now();
  if (left <= 0) throw deadlineExceeded();
  return left;
}

export function deadlineExceeded(): ConnectError {
  return new ConnectError("the deadline passed before the call could complete", Code.DeadlineExceeded);
}
