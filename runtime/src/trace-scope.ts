/**
 * The active trace in Node: one AsyncLocalStorage behind `currentTrace()`, set by the Connect
 * server for the call it serves and by `runInTrace` for other work (a REST request, a Kafka
 * message, a background step), so clients, outgoing records and log lines all see the same span.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { childContext, parseTraceparent, setActiveTraceProvider, type TraceContext } from "./trace-context.js";

const scope = new AsyncLocalStorage<TraceContext>();
setActiveTraceProvider(() => scope.getStore());

/** Runs `work` with `context` as the active trace. */
export function withTrace<T>(context: TraceContext, work: () => T): T {
  return scope.run(context, work);
}

/**
 * Runs `work` as a new span of the trace `parent` names (a `traceparent` value or a context), or
 * as the root of a new trace when `parent` is missing or malformed.
 */
export function runInTrace<T>(parent: string | TraceContext | undefined, work: () => T): T {
  const context = typeof parent === "string" || parent === undefined ? parseTraceparent(parent) : parent;
  return scope.run(childContext(context), work);
}
