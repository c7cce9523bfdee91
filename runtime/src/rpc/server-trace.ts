import { AsyncLocalStorage } from "node:async_hooks";
import type { Interceptor, StreamResponse } from "@connectrpc/connect";
import { childContext, parseTraceparent, setActiveTraceProvider, TRACEPARENT_HEADER, TRACESTATE_HEADER, type TraceContext } from "../trace-context.js";
import { traceContextKey } from "./traceparent.js";

const activeTrace = new AsyncLocalStorage<TraceContext>();
setActiveTraceProvider(() => activeTrace.getStore());

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
    const pending = activeTrace.run(context, next, req);
    if (!req.stream) return pending;
    return pending.then((res) => (res.stream ? ({ ...res, message: withTrace(res.message, context) } as StreamResponse) : res));
  };
}

/** A streaming handler's body runs as the response is read; keep the trace active for it. */
function withTrace<T>(iterable: AsyncIterable<T>, context: TraceContext): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const it = activeTrace.run(context, () => iterable[Symbol.asyncIterator]());
      return {
        next: () => activeTrace.run(context, () => it.next()),
        return: (value?: unknown) => activeTrace.run(context, async () => (it.return ? it.return(value) : { done: true as const, value: undefined as T })),
        throw: (error?: unknown) => activeTrace.run(context, async () => { if (it.throw) return it.throw(error); throw error; }),
      };
    },
  };
}
