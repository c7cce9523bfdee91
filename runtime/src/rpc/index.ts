/**
 * Connect-RPC clients with the contract's reliability (deadline, retry with backoff, circuit breaker,
 * idempotency keys, traceparent), composed as interceptors. Runs in browsers and Node; serving and
 * the HTTP/2 transport are in `/rpc/node`.
 */
export {
  CircuitBreaker,
  circuitBreakerInterceptor,
  isCircuitOpen,
  type CircuitBreakerOptions,
  type CircuitState,
} from "./circuit-breaker.js";
export { createRpcClient, type RpcClientOptions, type RpcTarget } from "./client.js";
export { deadlineKey, remainingMs } from "./deadline.js";
export { idempotencyKeyInterceptor, requireIdempotencyKeyInterceptor } from "./idempotency.js";
export {
  IDEMPOTENCY_KEY_HEADER,
  isSafeToRepeat,
  resolvePolicy,
  type MethodReliability,
  type MethodTable,
  type ResolvedPolicy,
  type ServiceReliability,
} from "./policy.js";
export { isRetriableError, retryInterceptor, type RetryEvent } from "./retry.js";
export { traceContextKey, traceparentInterceptor } from "./traceparent.js";
