/**
 * What `/healthz` answers: whether the process does its work. It is healthy once started
 * (`ready()`), while every consumer group it runs has joined and consumes, and every named check
 * passes; from `stopping()` on it says so, so an orchestrator routes no new work to it while it drains.
 */

/** One consumer group's state, as a running consumer's `health()` reports it (`ConsumerHealth` of `/kafka`). */
export interface GroupHealth {
  readonly groupId: string;
  readonly running: boolean;
  readonly crashes: number;
  readonly lastError?: string;
}

/** Anything that reports consumer groups: a generated consumer's `RunningConsumer`, a requester. */
export interface HealthSource {
  health(): readonly GroupHealth[];
}

/** A named check (a database ping): healthy when it returns (anything but `false`) within the timeout. */
export type HealthCheck = () => unknown;

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

export type HealthStatus = "starting" | "ok" | "failing" | "stopping";

export interface HealthReport {
  /** `starting` until `ready()`, `stopping` after `stopping()`; in between `ok` or `failing`. */
  readonly status: HealthStatus;
  /** Whether `status` is `ok`: `/healthz` answers 200 then, 503 otherwise. */
  readonly healthy: boolean;
  readonly groups: readonly GroupHealth[];
  readonly checks: readonly CheckResult[];
}

export interface Health {
  /** Adds a consumer whose groups must be running for the process to be healthy. */
  watch(source: HealthSource): void;
  /** Adds a named check, run on every report. */
  check(name: string, check: HealthCheck): void;
  /** The service has started: from now on the report is `ok` or `failing`. */
  ready(): void;
  /** The service is stopping: the report says `stopping` (503) from now on. */
  stopping(): void;
  report(): Promise<HealthReport>;
}

export interface HealthOptions {
  /** How long one check may take before it counts as failed, in ms (default 2000). */
  checkTimeoutMs?: number;
}

export function createHealth(options: HealthOptions = {}): Health {
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  const sources: HealthSource[] = [];
  const checks: Array<{ name: string; check: HealthCheck }> = [];
  let phase: "starting" | "running" | "stopping" = "starting";
  return {
    watch: (source) => void sources.push(source),
    check: (name, check) => void checks.push({ name, check }),
    ready: () => void (phase = phase === "starting" ? "running" : phase),
    stopping: () => void (phase = "stopping"),
    async report() {
      const groups = sources.flatMap((source) => source.health());
      const results = await Promise.all(checks.map(({ name, check }) => runCheck(name, check, timeoutMs)));
      const working = groups.every((group) => group.running) && results.every((result) => result.ok);
      const status: HealthStatus = phase === "running" ? (working ? "ok" : "failing") : phase;
      return { status, healthy: status === "ok", groups, checks: results };
    },
  };
}

async function runCheck(name: string, check: HealthCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(check), timeout]);
    return result === false ? { name, ok: false, error: "the check returned false" } : { name, ok: true };
  } catch (error) {
    return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
