/** attemptWithin and RecordBudget: retries bounded by time, verdicts, and the signal a handler gets (no broker needed). */
import { describe, expect, it } from "vitest";
import { ConcordError } from "../../runtime/src/errors.js";
import { HandlerBudgetExceededError } from "../../runtime/src/kafka/errors.js";
import { RecordBudget, retryWithin, type HandlerRetry } from "../../runtime/src/kafka/handler-retry.js";
import { sleep } from "../../runtime/src/retry.js";

const quick: HandlerRetry = { budgetMs: 400, initialDelayMs: 5, maxDelayMs: 20, multiplier: 2 };

function run(retry: HandlerRetry, attempt: (n: number, budget: RecordBudget) => Promise<void>, giveUp = new AbortController()) {
  const budget = new RecordBudget(retry.budgetMs, giveUp.signal);
  // The first attempt runs outside retryWithin, as the consumer runs it.
  const outcome = attempt(1, budget).then(
    (): ReturnType<typeof retryWithin> => Promise.resolve({ kind: "handled", attempts: 1 }),
    (firstError: unknown) => retryWithin(retry, budget, giveUp.signal, firstError, (n) => attempt(n, budget)),
  );
  return { budget, outcome };
}

describe("retryWithin", () => {
  it("retries a retriable failure until the next attempt would start past the budget", async () => {
    const started = Date.now();
    const { outcome } = run(quick, async () => {
      throw new Error("down");
    });
    const result = await outcome;
    expect(result.kind).toBe("failed");
    if (result.kind !== "failed") return;
    expect(result.attempts).toBeGreaterThan(2);
    expect(result.error).toBeInstanceOf(HandlerBudgetExceededError);
    expect((result.error as HandlerBudgetExceededError).cause).toEqual(new Error("down"));
    expect(Date.now() - started).toBeLessThan(quick.budgetMs + 500); // the last attempt starts before the deadline; the rest is event-loop lag
  });

  it("stops at once for an error that says retrying cannot help, and at maxAttempts when one is set", async () => {
    const refused = await run(quick, async () => {
      throw new ConcordError("no such account", "REJECTED", false);
    }).outcome;
    expect(refused).toMatchObject({ kind: "failed", attempts: 1 });
    const capped = await run({ ...quick, maxAttempts: 2 }, async () => {
      throw new Error("down");
    }).outcome;
    expect(capped).toMatchObject({ kind: "failed", attempts: 2, error: new Error("down") });
  });

  it("succeeds on a later attempt, and gives up without a verdict when the record is given up", async () => {
    expect(
      await run(quick, async (n) => {
        if (n < 3) throw new Error("flaky");
      }).outcome,
    ).toEqual({ kind: "handled", attempts: 3 });

    const giveUp = new AbortController();
    const pending = run(
      { ...quick, budgetMs: 10_000, initialDelayMs: 5_000, maxDelayMs: 5_000, multiplier: 1 },
      async () => {
        throw new Error("down");
      },
      giveUp,
    ).outcome;
    setTimeout(() => giveUp.abort(new Error("partition moved")), 20);
    expect(await pending).toEqual({ kind: "abandoned" });
  });

  it("hands each attempt a signal that aborts at the deadline with HandlerBudgetExceededError", async () => {
    const started = Date.now();
    const result = await run({ ...quick, budgetMs: 150 }, async (_n, budget) => {
      await sleep(10_000, budget.signal);
    }).outcome;
    expect(result).toMatchObject({ kind: "failed", attempts: 1 });
    if (result.kind === "failed") expect(result.error).toBeInstanceOf(HandlerBudgetExceededError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("the budget's signal follows a give-up that came before it was asked for", () => {
    const giveUp = new AbortController();
    giveUp.abort(new Error("stopping"));
    const budget = new RecordBudget(1_000, giveUp.signal);
    expect(budget.signal.aborted).toBe(true);
    expect(budget.signal.reason).toEqual(new Error("stopping"));
    budget.dispose();
  });
});
