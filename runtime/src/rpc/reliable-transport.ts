import { create, isMessage, type DescMethod } from "@bufbuild/protobuf";
import {
  createContextValues,
  type Interceptor,
  type StreamRequest,
  type StreamResponse,
  type Transport,
  type UnaryRequest,
  type UnaryResponse,
} from "@connectrpc/connect";
import { runStreamingCall } from "@connectrpc/connect/protocol";
import { deadlineKey, effectiveDeadline, remainingMs } from "./deadline.js";

type AnyFn = (req: UnaryRequest | StreamRequest) => Promise<UnaryResponse | StreamResponse>;

/** A signal for calls whose caller gave none; it never aborts. */
const NEVER = new AbortController().signal;

/**
 * Wraps any Transport (Node HTTP/2, fetch in a browser, an in-memory router) so that every call
 * has a deadline covering all its attempts and passes through `interceptors` — the reliability
 * layer works the same whichever transport the caller brings.
 *
 * Unary calls run the interceptors directly and let the inner transport enforce the deadline per
 * attempt (it sends the time left and aborts locally), so a call costs no second set of abort
 * controllers and timers; the deadline itself travels in `contextValues` (`deadlineKey`) for the
 * retry interceptor. A server stream's deadline covers the whole stream, so streams keep
 * Connect's own call runner around the interceptors.
 */
export function createReliableTransport(
  inner: Transport,
  options: { deadlineFor: (method: DescMethod) => number | undefined; interceptors: Interceptor[] },
): Transport {
  const unaryChain = chain((req) => {
    const r = req as UnaryRequest;
    // NEVER stands in for "no signal" only inside the chain; the inner transport need not listen to it.
    return inner.unary(
      r.method,
      r.signal === NEVER ? undefined : r.signal,
      remainingMs(r.contextValues.get(deadlineKey)),
      r.header,
      r.message,
      r.contextValues,
    );
  }, options.interceptors);

  return {
    unary(method, signal, timeoutMs, header, input, contextValues) {
      const deadline = effectiveDeadline(timeoutMs, options.deadlineFor(method));
      const values = contextValues ?? createContextValues();
      if (deadline !== undefined) values.set(deadlineKey, Date.now() + deadline);
      const req: UnaryRequest = {
        stream: false,
        service: method.parent,
        method,
        requestMethod: "POST",
        url: `/${method.parent.typeName}/${method.name}`,
        signal: signal ?? NEVER,
        header: new Headers(header),
        contextValues: values,
        message: isMessage(input, method.input) ? input : create(method.input, input),
      };
      return unaryChain(req) as Promise<UnaryResponse<typeof method.input, typeof method.output>>;
    },
    stream(method, signal, timeoutMs, header, input, contextValues) {
      const deadline = effectiveDeadline(timeoutMs, options.deadlineFor(method));
      const values = contextValues ?? createContextValues();
      if (deadline !== undefined) values.set(deadlineKey, Date.now() + deadline);
      return runStreamingCall({
        interceptors: options.interceptors,
        signal,
        timeoutMs: deadline,
        req: {
          stream: true,
          service: method.parent,
          method,
          requestMethod: "POST",
          url: `/${method.parent.typeName}/${method.name}`,
          header: new Headers(header),
          contextValues: values,
          message: input,
        },
        next: (req) =>
          inner.stream(req.method, req.signal, remainingMs(req.contextValues.get(deadlineKey)), req.header, req.message, req.contextValues),
      });
    },
  };
}

/** Interceptors wrapped around `next`, the first one outermost — as Connect applies them. */
function chain(next: AnyFn, interceptors: readonly Interceptor[]): AnyFn {
  return interceptors.reduceRight<AnyFn>((fn, interceptor) => interceptor(fn) as AnyFn, next);
}
