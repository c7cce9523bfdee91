/**
 * The one retry policy shared by the SDK, the Connect clients and the Kafka consumers:
 * exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter").
 */
/** How long to wait before each retry: exponential from `initialDelayMs`, capped at `maxDelayMs`. */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
}

export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in all, the first included; 1 means no retry. */
  maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 100,
  maxDelayMs: 5_000,
  multiplier: 2,
};

/** Delay before retry number `retry` (1 = first retry): uniform in [0, min(max, initial·m^(retry-1))]. */
export function backoffDelay(policy: BackoffPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", abort, { once: true });
    function done() {
      signal?.removeEventListener("abort", abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
  });
}

export interface RetryOptions {
  policy?: RetryPolicy;
  /** Whether `error` is worth another attempt; the last attempt's error is thrown either way. */
  shouldRetry: (error: unknown, attempt: number) => boolean;
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  random?: () => number;
}

/** Runs `attempt` until it succeeds, the policy is exhausted, or `shouldRetry` says no. */
export async function withRetry<T>(run: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? defaultRetryPolicy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (attempt >= policy.maxAttempts || !options.shouldRetry(error, attempt)) throw error;
      const delay = backoffDelay(policy, attempt, options.random);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, options.signal);
    }
  }
}
