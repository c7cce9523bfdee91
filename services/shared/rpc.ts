/**
 * Service-to-service calls: every inner Connect call carries the internal secret (the stand-in
 * for mTLS between services), and every inner server refuses calls without it, so nothing from
 * outside reaches an inner service around the gateway. Client retries are counted in metrics;
 * the trace goes along through the runtime's own traceparent interceptor.
 */
import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import type { RpcClientOptions } from "@concordkit/runtime/rpc";
import { createNodeTransport, rpcMetrics, serveRpc, type RunningServer } from "@concordkit/runtime/rpc/node";
import type { Transport } from "@connectrpc/connect";
import { timingSafeEqual } from "node:crypto";
import { internalAuthHeader } from "./auth/identity-headers.js";
import type { ServiceMetrics } from "./observability/metrics.js";
import type { ServiceContext } from "./service.js";

/** Server side: rejects a call that does not carry the internal secret. */
export function requireInternalCaller(secret: string): Interceptor {
  const expected = Buffer.from(secret);
  return (next) => async (request) => {
    const given = Buffer.from(request.header.get(internalAuthHeader) ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ConnectError("inner services accept calls from the gateway and each other only", Code.Unauthenticated);
    }
    return next(request);
  };
}

/**
 * Serves an inner service's Connect routes on its host and port; `mount` passes `options` to the
 * generated `mount…Service`: request metrics, and only callers with the internal secret.
 */
export function serveInnerRpc(
  context: ServiceContext,
  mount: (router: ConnectRouter, options: { interceptors: Interceptor[] }) => void,
): Promise<RunningServer> {
  const interceptors = [rpcMetrics(context.metrics), requireInternalCaller(context.config.internalSecret)];
  return serveRpc((router) => mount(router, { interceptors }), { host: context.config.host, port: context.port });
}

/** Client side: adds the internal secret to every call. */
export function sendInternalSecret(secret: string): Interceptor {
  return (next) => async (request) => {
    request.header.set(internalAuthHeader, secret);
    return next(request);
  };
}

export function innerTransport(baseUrl: string): Transport {
  return createNodeTransport({ baseUrl, httpVersion: "2" });
}

/** Options for a generated client of an inner service: internal secret, retry counter, overrides. */
export function innerClientOptions<S extends DescService>(
  secret: string,
  metrics: ServiceMetrics,
  target: string,
  overrides: RpcClientOptions<S> = {},
): RpcClientOptions<S> {
  return {
    ...overrides,
    interceptors: [sendInternalSecret(secret), ...(overrides.interceptors ?? [])],
    onRetry: (event) => {
      metrics.retries.inc({ target });
      overrides.onRetry?.(event);
    },
  };
}
