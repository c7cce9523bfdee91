import type { DescMethod } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type ContextValues,
  type Interceptor,
  type StreamRequest,
  type StreamResponse,
  type UnaryResponse,
} from "@connectrpc/connect";
import { createAsyncIterable } from "@connectrpc/connect/protocol";
import { withRetry, type RetryOptions, type RetryPolicy } from "../retry.js";
import { isCircuitOpen } from "./circuit-breaker.js";
import { deadlineExceeded, deadlineKey } from "./deadline.js";
import { IDEMPOTENCY_KEY_HEADER, isSafeToRepeat, type ResolvedPolicy } from "./policy.js";

/** Codes that say "the upstream could not take the call right now"; anything else is an answer. */
const RETRIABLE_CODES: ReadonlySet<Code> = new Set([Code.Unavailable, Code.ResourceExhausted, Code.Aborted]);

export function isRetriableError(error: unknown): boolean {
  return error instanceof ConnectError && RETRIABLE_CODES.has(error.code) && !isCircuitOpen(error);
}

export interface RetryEvent {
  method: DescMethod;
  attempt: number;
  delayMs: number;
  error: unknown;
}

/**
 * Retries with exponential backoff and full jitter (runtime/src/retry.ts), but only calls that
 * are safe to repeat: the method is NO_SIDE_EFFECTS / IDEMPOTENT, or the call carries an
 * `idempotency-key` (the server deduplicates by it). Unary calls are retried until they get an
 * answer, server streams until their first message (or clean end) arrives; a stream that fails
 * after a message was delivered is not replayed.
 * Backoff sleeps end early when the call's deadline or signal fires.
 */
export function retryInterceptor(policyFor: (method: DescMethod) => ResolvedPolicy, onRetry?: (event: RetryEvent) => void): Interceptor {
  return (next) => (req) => {
    const policy = policyFor(req.method).retry;
    const repeatable = isSafeToRepeat(req.method) || req.header.has(IDEMPOTENCY_KEY_HEADER);
    const replayable = !req.stream || req.method.methodKind === "server_streaming";
    if (policy === false || policy.maxAttempts <= 1 || !repeatable || !replayable) return next(req);
    if (req.stream) {
      return bufferedStreamRequest(req).then((again) => withRetry(() => firstMessage(next(again())), retryOptions(req, policy, onRetry)));
    }
    // The first attempt runs bare: most calls succeed, and they should not pay for the retry loop.
    return next(req).catch((error: unknown) => {
      if (!isRetriableError(error)) throw error;
      let first = true;
      const attempt = () => {
        if (!first) return next(req);
        first = false;
        return Promise.reject(error);
      };
      return withRetry(attempt, retryOptions(req, policy, onRetry));
    });
  };
}

function retryOptions(
  req: { method: DescMethod; signal: AbortSignal; contextValues: ContextValues },
  policy: RetryPolicy,
  onRetry?: (event: RetryEvent) => void,
): RetryOptions {
  const deadlineAt = req.contextValues.get(deadlineKey);
  return {
    policy,
    signal: req.signal,
    shouldRetry: isRetriableError,
    onRetry(error, attempt, delayMs) {
      // A backoff that would end past the deadline fails now, as DeadlineExceeded.
      if (deadlineAt !== undefined && Date.now() + delayMs >= deadlineAt) throw deadlineExceeded();
      onRetry?.({ method: req.method, attempt, delayMs, error });
    },
  };
}

/**
 * Waits for a stream's first message, so an error the server sends before any message (in the
 * body, after the headers) is still retried; the message is then handed on unchanged.
 */
async function firstMessage(pending: Promise<StreamResponse | UnaryResponse>): Promise<StreamResponse | UnaryResponse> {
  const res = await pending;
  if (!res.stream) return res;
  const iterator = res.message[Symbol.asyncIterator]();
  const first = await iterator.next();
  const rest: AsyncIterable<unknown> = {
    [Symbol.asyncIterator]: () => {
      let delivered = false;
      return {
        next: () => {
          if (delivered) return iterator.next();
          delivered = true;
          return Promise.resolve(first);
        },
        // A caller that stops reading early (break) must still close the underlying stream.
        return: (value?: unknown) => iterator.return?.(value) ?? Promise.resolve({ done: true as const, value }),
      };
    },
  };
  return { ...res, message: rest } as StreamResponse;
}

/** A server-streaming request sends one message; keep it so every attempt can send it again. */
async function bufferedStreamRequest(req: StreamRequest): Promise<() => StreamRequest> {
  const messages: unknown[] = [];
  for await (const message of req.message) messages.push(message);
  return () => ({ ...req, message: createAsyncIterable(messages) as StreamRequest["message"] });
}
