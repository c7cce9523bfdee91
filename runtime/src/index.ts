/**
 * What every concern shares: the error root with its retriable flag, the one retry policy, W3C trace
 * context, and the version check generated code runs at start. Each concern has its own entry:
 * `/sdk`, `/server`, `/rpc`, `/rpc/node`, `/kafka`, `/outbox`, `/outbox/sqlite`, `/outbox/postgres`,
 * `/validation`, and `/service` (health, metrics, graceful stop for a service's process).
 */
export { ConcordError, isRetriable } from "./errors.js";
export { MissingPeerError } from "./missing-peer-error.js";
export { backoffDelay, defaultRetryPolicy, sleep, withRetry, type BackoffPolicy, type RetryOptions, type RetryPolicy } from "./retry.js";
export {
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  childContext,
  currentTrace,
  formatTraceparent,
  nextTraceparent,
  parseTraceparent,
  setActiveTraceProvider,
  type TraceContext,
} from "./trace-context.js";
export { RUNTIME_VERSION, RuntimeVersionError, requireRuntime } from "./version.js";
