import type { Interceptor, StreamResponse } from "@connectrpc/connect";
import { childContext, parseTraceparent, TRACEPARENT_HEADER, TRACESTATE_HEADER, type TraceContext } from "../trace-context.js";
import { withTrace } from "../trace-scope.js";
import { traceContextKey } from "./traceparent.js";

/**
 * Server side: continues the caller's trace (or starts one) as this call's span, exposes it to
 * the handler as `context.values.get(traceContextKey)`, and makes it the active trace while the
 * handler runs, so calls the handler makes with generated clients carry it on.
 */
export function serverTraceInterceptor(): Interceptor {
  return (next) => (req) => {
    const incoming = parseTraceparent(req.header.get(TRACEPARENT_HEADER), req.header.get(TRACESTATE_HEADER));
    const context = childContext(incoming);
    req.contextValues.set(traceContextKey, context);
    const pending = withTrace(context, () => next(req));
    if (!req.stream) return pending;
    return pending.then((res) => (res.stream ? ({ ...res, message: tracedStream(res.message, context) } as StreamResponse) : res));
  };
}

/** A streaming handler's body runs as the response is read; keep the trace active for it. */
function tracedStream<T>(iterable: AsyncIterable<T>, context: TraceContext): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const it = withTrace(context, () => iterable[Symbol.asyncIterator]());
      return {
        next: () => withTrace(context, () => it.next()),
        return: (value?: unknown) =>
          withTrace(context, async () => (it.return ? it.return(value) : { done: true as const, value: undefined as T })),
        throw: (error?: unknown) =>
          withTrace(context, async () => {
            if (it.throw) return it.throw(error);
            throw error;
          }),
      };
    },
  };
}
