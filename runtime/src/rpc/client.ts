import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { defaultRetryPolicy, type RetryPolicy } from "../retry.js";
import { CircuitBreaker, circuitBreakerInterceptor, type CircuitBreakerOptions } from "./circuit-breaker.js";
import { idempotencyKeyInterceptor } from "./idempotency.js";
import { resolvePolicy, type MethodTable, type ResolvedPolicy, type ServiceReliability } from "./policy.js";
import { createReliableTransport } from "./reliable-transport.js";
import { retryInterceptor, type RetryEvent } from "./retry.js";
import { traceparentInterceptor } from "./traceparent.js";

/** Where to send calls: a Transport you built, or a base URL for the fetch-based Connect transport (browsers and Node). */
export type RpcTarget = Transport | { baseUrl: string; useBinaryFormat?: boolean };

export interface RpcClientOptions<S extends DescService> {
  /** Per-method overrides of the contract's settings, keyed by the method's local name. */
  methods?: MethodTable<S>;
  /** Deadline for methods whose contract names none. */
  defaultDeadlineMs?: number;
  /** Backoff for every retried method, unless the method sets its own; `false` disables retries. */
  retry?: RetryPolicy | false;
  /** The upstream's breaker: pass one instance to share it between clients of the same upstream; `false` disables it. */
  breaker?: CircuitBreaker | Partial<CircuitBreakerOptions> | false;
  /** Propagate or start a W3C trace on every call (default true). */
  traceparent?: boolean;
  /** Your own interceptors; they run outside Concord's, once per logical call. */
  interceptors?: Interceptor[];
  onRetry?: (event: RetryEvent) => void;
}

/**
 * What every generated `createXClient` calls: a Connect client whose calls get a deadline, an
 * idempotency key where the contract asks for one, retries where repeating is safe, a circuit
 * breaker per upstream and a traceparent. Order, outermost first: yours, traceparent,
 * idempotency key, retry, breaker (so each attempt is counted by the breaker).
 */
export function createRpcClient<S extends DescService>(
  service: S,
  target: RpcTarget,
  contract: ServiceReliability<S>,
  options: RpcClientOptions<S> = {},
): Client<S> {
  const inner = isTransport(target) ? target : createConnectTransport({ ...target });
  // Resolved once per client, keyed by the method descriptor: a call costs one lookup per layer.
  const policies = new Map<DescMethod, ResolvedPolicy>(
    service.methods.map((method) => [method, resolvePolicy(method, contract, options, defaultRetryPolicy)]),
  );
  const policyFor = (method: DescMethod): ResolvedPolicy =>
    policies.get(method) ?? resolvePolicy(method, contract, options, defaultRetryPolicy);
  const interceptors: Interceptor[] = [...(options.interceptors ?? [])];
  if (options.traceparent !== false) interceptors.push(traceparentInterceptor());
  interceptors.push(idempotencyKeyInterceptor(policyFor), retryInterceptor(policyFor, options.onRetry));
  const breaker = breakerFor(service, target, options.breaker);
  if (breaker) interceptors.push(circuitBreakerInterceptor(breaker));
  const transport = createReliableTransport(inner, { deadlineFor: (m) => policyFor(m).deadlineMs, interceptors });
  return createClient(service, transport);
}

function breakerFor(service: DescService, target: RpcTarget, option: RpcClientOptions<DescService>["breaker"]): CircuitBreaker | undefined {
  if (option === false) return undefined;
  if (option instanceof CircuitBreaker) return option;
  const upstream = isTransport(target) ? service.typeName : target.baseUrl;
  return new CircuitBreaker(upstream, option ?? {});
}

function isTransport(target: RpcTarget): target is Transport {
  return typeof (target as Transport).unary === "function";
}
