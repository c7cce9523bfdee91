/**
 * Graceful stop. A service adds each part as it starts it, with how that part stops; `stop()`
 * stops them last-started-first, each within a time limit, so work stops coming in before what
 * it needs goes away: the API servers stop taking requests and finish those in flight, consumers
 * finish the message in hand and commit, then producers flush and disconnect, and the ops
 * endpoint (health, metrics) goes last.
 */

export interface StopStep {
  readonly name: string;
  stop(): unknown;
}

export interface StopListOptions {
  /** Longest wait for one step, in ms (default 10 000); a step that takes longer is left behind and reported. */
  stepTimeoutMs?: number;
  /** Told about each step that failed or timed out (default: console.error). */
  onError?: (error: unknown, step: string) => void;
}

export interface StopList {
  /** Adds a part that has started. */
  add(name: string, stop: () => unknown): void;
  /** Stops every part, last added first; a failed step does not keep the others from stopping. Rejects (AggregateError) if any failed. Idempotent. */
  stop(): Promise<void>;
}

export function createStopList(options: StopListOptions = {}): StopList {
  const steps: StopStep[] = [];
  const timeoutMs = options.stepTimeoutMs ?? 10_000;
  const onError = options.onError ?? ((error: unknown, step: string) => console.error(`stopping ${step} failed:`, error));
  let stopped: Promise<void> | undefined;
  return {
    add: (name, stop) => void steps.push({ name, stop }),
    stop() {
      stopped ??= (async () => {
        const failures: unknown[] = [];
        for (const step of [...steps].reverse()) {
          try {
            await withTimeout(
              Promise.resolve().then(() => step.stop()),
              timeoutMs,
              step.name,
            );
          } catch (error) {
            failures.push(error);
            onError(error, step.name);
          }
        }
        if (failures.length > 0) throw new AggregateError(failures, `${failures.length} part(s) did not stop cleanly`);
      })();
      return stopped;
    },
  };
}

async function withTimeout(work: Promise<unknown>, ms: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name} did not stop within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface SignalOptions {
  /** Default SIGTERM and SIGINT. */
  signals?: readonly NodeJS.Signals[];
  /** Told when a signal arrives and when the process exits (default: console.error). */
  log?: (line: string) => void;
}

/**
 * Runs `stop` on the first of `signals` and exits 0 when it resolves (1 when it rejects); a second
 * signal while stopping exits at once with 1. Returns a function that removes the handlers.
 */
export function stopOnSignals(stop: () => Promise<unknown>, options: SignalOptions = {}): () => void {
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  const log = options.log ?? ((line: string) => console.error(line));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping`);
    stop().then(
      () => {
        log("exiting (0)");
        process.exit(0);
      },
      (error: unknown) => {
        log(`exiting (1): the stop failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
