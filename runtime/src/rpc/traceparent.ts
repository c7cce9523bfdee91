import { createContextKey, type Interceptor } from "@connectrpc/connect";
import {
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  childContext,
  currentTrace,
  formatTraceparent,
  type TraceContext,
} from "../trace-context.js";

/**
 * Client side: every call carries a `traceparent` — the caller's own if it set one, else a child
 * of the active trace (the server call being handled), else a new trace.
 */
export function traceparentInterceptor(): Interceptor {
  return (next) => (req) => {
    if (!req.header.has(TRACEPARENT_HEADER)) {
      const context = childContext(currentTrace());
      req.header.set(TRACEPARENT_HEADER, formatTraceparent(context));
      if (context.tracestate) req.header.set(TRACESTATE_HEADER, context.tracestate);
    }
    return next(req);
  };
}

/** The server span of the call being handled, for handlers: `context.values.get(traceContextKey)`. */
export const traceContextKey = createContextKey<TraceContext | undefined>(undefined, { description: "W3C trace context" });
