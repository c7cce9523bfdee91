import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { DescMethod } from "@bufbuild/protobuf";
import { IDEMPOTENCY_KEY_HEADER, type ResolvedPolicy } from "./policy.js";

/**
 * Client side: a method that needs an idempotency key gets one (a random UUID) when the caller
 * gave none. It runs outside the retry interceptor, so every attempt sends the same key.
 */
export function idempotencyKeyInterceptor(policyFor: (method: DescMethod) => ResolvedPolicy): Interceptor {
  return (next) => (req) => {
    if (policyFor(req.method).idempotencyKeyRequired && !req.header.has(IDEMPOTENCY_KEY_HEADER)) {
      req.header.set(IDEMPOTENCY_KEY_HEADER, crypto.randomUUID());
    }
    return next(req);
  };
}

/** Server side: rejects calls to `methods` (local names) that come without an idempotency key. */
export function requireIdempotencyKeyInterceptor(methods: ReadonlySet<string>): Interceptor {
  return (next) => (req) => {
    if (methods.has(req.method.localName) && !req.header.get(IDEMPOTENCY_KEY_HEADER)) {
      const message = `${req.method.parent.typeName}/${req.method.name} needs an ${IDEMPOTENCY_KEY_HEADER} header`;
      return Promise.reject(new ConnectError(message, Code.InvalidArgument));
    }
    return next(req);
  };
}
