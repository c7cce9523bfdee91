import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";

export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe call is let through. */
  coolDownMs: number;
  /** Which errors count as the upstream failing (default: Unavailable, DeadlineExceeded, Internal, Unknown, ResourceExhausted). */
  isFailure?: (error: unknown) => boolean;
  now?: () => number;
  onStateChange?: (state: CircuitState, upstream: string) => void;
}

export const defaultCircuitBreakerOptions: CircuitBreakerOptions = { failureThreshold: 5, coolDownMs: 10_000 };

const UPSTREAM_FAILURES: ReadonlySet<Code> = new Set([
  Code.Unavailable,
  Code.DeadlineExceeded,
  Code.Internal,
  Code.Unknown,
  Code.ResourceExhausted,
]);

const CIRCUIT_HEADER = "concord-circuit";

/**
 * The error a call gets, without touching the network, while the circuit is open: Unavailable,
 * marked in its metadata. (A ConnectError subclass would not survive Connect's instanceof checks.)
 */
export function circuitOpenError(upstream: string): ConnectError {
  const metadata = new Headers({ [CIRCUIT_HEADER]: "open" });
  return new ConnectError(`circuit open: ${upstream} is failing, call not sent`, Code.Unavailable, metadata);
}

export function isCircuitOpen(error: unknown): boolean {
  return error instanceof ConnectError && error.metadata.get(CIRCUIT_HEADER) === "open";
}

/**
 * One breaker per upstream: closed (calls flow, consecutive failures counted) → open after
 * `failureThreshold` failures (calls fail fast) → half-open after `coolDownMs` (one probe call
 * goes through; success closes the circuit, failure opens it for another cool-down).
 */
export class CircuitBreaker {
  private current: CircuitState = "closed";
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly options: CircuitBreakerOptions;

  constructor(
    readonly upstream: string,
    options: Partial<CircuitBreakerOptions> = {},
  ) {
    this.options = { ...defaultCircuitBreakerOptions, ...options };
  }

  get state(): CircuitState {
    return this.current;
  }

  /** Asks to send a call; throws `circuitOpenError` when the call must not go out. */
  acquire(): void {
    if (this.current === "open") {
      if (this.now() - this.openedAt < this.options.coolDownMs) throw circuitOpenError(this.upstream);
      this.transition("half-open");
    }
    if (this.current === "half-open") {
      if (this.probing) throw circuitOpenError(this.upstream);
      this.probing = true;
    }
  }

  onSuccess(): void {
    this.failures = 0;
    this.probing = false;
    if (this.current !== "closed") this.transition("closed");
  }

  onError(error: unknown): void {
    const isFailure = this.options.isFailure ?? isUpstreamFailure;
    if (!isFailure(error)) {
      if (this.current === "half-open") this.onSuccess();
      return;
    }
    this.probing = false;
    this.failures++;
    if (this.current === "half-open" || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      if (this.current !== "open") this.transition("open");
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private transition(state: CircuitState): void {
    this.current = state;
    this.options.onStateChange?.(state, this.upstream);
  }
}

function isUpstreamFailure(error: unknown): boolean {
  return error instanceof ConnectError && !isCircuitOpen(error) && UPSTREAM_FAILURES.has(error.code);
}

/**
 * Guards every attempt with `breaker`. A call counts as a success once the upstream answered:
 * the response for unary calls, the response headers for streams.
 */
export function circuitBreakerInterceptor(breaker: CircuitBreaker): Interceptor {
  // Made once per client, not per call: a call only pays for the `then`.
  const succeeded = <T>(res: T): T => {
    breaker.onSuccess();
    return res;
  };
  const failed = (error: unknown): never => {
    breaker.onError(error);
    throw error;
  };
  return (next) => (req) => {
    try {
      breaker.acquire();
    } catch (error) {
      return Promise.reject(error);
    }
    return next(req).then(succeeded, failed);
  };
}
