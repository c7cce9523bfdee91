/**
 * How a consumer retries a failing handler: with the shared backoff between attempts, bounded
 * in time by a budget per record (a deadline, not a count: jittered waits make a count random in
 * time). Each attempt gets a signal that aborts when the budget runs out or the record is given
 * up (the consumer stops, or a rebalance took its partition away); pass it to the waits in a
 * handler so an attempt ends with its budget.
 */
import { ConcordError } from "../errors.js";
import { backoffDelay, sleep, type BackoffPolicy } from "../retry.js";
import { HandlerBudgetExceededError } from "./errors.js";

export interface HandlerRetry extends BackoffPolicy {
  /** How long one record may take in all, every attempt and wait included (ms). */
  budgetMs: number;
  /** An optional cap on attempts; by default only the budget bounds them. */
  maxAttempts?: number;
}

export const defaultHandlerRetry: HandlerRetry = { budgetMs: 60_000, initialDelayMs: 200, maxDelayMs: 5_000, multiplier: 2 };

export type AttemptsOutcome =
  | { readonly kind: "handled"; readonly attempts: number }
  | { readonly kind: "failed"; readonly attempts: number; readonly error: unknown; readonly elapsedMs: number }
  /** Given up without a verdict (stopping, or the partition moved): the next owner gets the record again. */
  | { readonly kind: "abandoned" };

/**
 * The deadline of one record and the signal its attempts see, made only when a handler asks for
 * it (most never do, and a timer per record would cost throughput).
 */
export class RecordBudget {
  readonly deadline: number;
  #controller: AbortController | undefined;
  #timer: NodeJS.Timeout | undefined;
  #attempts = 1; // the first attempt runs before retryWithin counts

  constructor(
    readonly budgetMs: number,
    private readonly giveUp: AbortSignal,
    readonly startedAt = Date.now(),
  ) {
    this.deadline = startedAt + budgetMs;
  }

  get signal(): AbortSignal {
    if (this.#controller) return this.#controller.signal;
    const controller = (this.#controller = new AbortController());
    if (this.giveUp.aborted) controller.abort(this.giveUp.reason);
    else {
      this.giveUp.addEventListener("abort", this.#onGiveUp, { once: true });
      const exceed = () => controller.abort(new HandlerBudgetExceededError(this.budgetMs, this.#attempts));
      this.#timer = setTimeout(exceed, Math.max(0, this.deadline - Date.now()));
    }
    return controller.signal;
  }

  set attempts(attempts: number) {
    this.#attempts = attempts;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.giveUp.removeEventListener("abort", this.#onGiveUp);
  }

  #onGiveUp = () => this.#controller?.abort(this.giveUp.reason);
}

/**
 * Runs `attempt` (2, 3, …) after a first attempt that failed with `firstError` (the first runs
 * outside, so the common case pays for no retry machinery), until one succeeds, one throws an
 * error that says retrying cannot help, or the budget would run out before the next could start.
 */
export async function retryWithin(
  retry: HandlerRetry,
  budget: RecordBudget,
  giveUp: AbortSignal,
  firstError: unknown,
  attempt: (n: number) => Promise<void>,
): Promise<AttemptsOutcome> {
  try {
    for (let n = 1; ; n++) {
      budget.attempts = n;
      try {
        if (n === 1) throw firstError;
        await attempt(n);
        return { kind: "handled", attempts: n };
      } catch (error) {
        if (giveUp.aborted) return { kind: "abandoned" };
        const failed = (cause: unknown) =>
          ({ kind: "failed", attempts: n, error: cause, elapsedMs: Date.now() - budget.startedAt }) as const;
        if (error instanceof HandlerBudgetExceededError) return failed(error);
        if (error instanceof ConcordError && !error.retriable) return failed(error);
        if (retry.maxAttempts !== undefined && n >= retry.maxAttempts) return failed(error);
        const delay = backoffDelay(retry, n);
        if (Date.now() + delay >= budget.deadline) return failed(new HandlerBudgetExceededError(retry.budgetMs, n, { cause: error }));
        try {
          await sleep(delay, giveUp);
        } catch {
          return { kind: "abandoned" };
        }
        // A timer that fired late must not start an attempt past the deadline.
        if (Date.now() >= budget.deadline) return failed(new HandlerBudgetExceededError(retry.budgetMs, n, { cause: error }));
      }
    }
  } finally {
    budget.dispose();
  }
}
