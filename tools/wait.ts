/** Polling instead of sleeping, for tests that wait on real brokers and servers. */

/** Polls `check` until it returns a value other than undefined; fails with `failure()` at the deadline. */
async function poll<T>(check: () => Promise<T | undefined>, timeoutMs: number, failure: () => string, intervalMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves once `check` holds, fails with `describe()` at the deadline. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  await poll(
    async () => ((await check()) ? true : undefined),
    timeoutMs,
    () => `timed out after ${timeoutMs} ms: ${describe()}`,
    50,
  );
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, what = "condition"): Promise<T> {
  return poll(check, timeoutMs, () => `timed out after ${timeoutMs} ms waiting for ${what}`, 100);
}
