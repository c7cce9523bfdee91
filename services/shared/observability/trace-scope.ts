/**
 * W3C trace context across the services' own work: a REST request at the gateway, a Kafka
 * message being handled, a background step on behalf of one order. The runtime already carries
 * the trace of a Connect call being served (`currentTrace`); this scope covers the rest, and
 * both feed the same three exits: inner Connect calls (the `traceparent` header), Kafka records
 * (the `traceparent` header of what is enqueued) and log lines (`traceId`).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Interceptor } from "@connectrpc/connect";
import type { ReceivedMessage } from "@concordkit/runtime/kafka";
import {
  childContext,
  currentTrace,
  formatTraceparent,
  parseTraceparent,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  type TraceContext,
} from "@concordkit/runtime";

const scope = new AsyncLocalStorage<TraceContext>();

/** The span of the work in progress: this scope's, else the Connect call being served, else none. */
export function activeTrace(): TraceContext | undefined {
  return scope.getStore() ?? currentTrace();
}

/**
 * Runs `work` as a new span of the trace `parent` names (a `traceparent` value or a context), or
 * as the root of a new trace when `parent` is missing or malformed.
 */
export function runInTrace<T>(parent: string | TraceContext | undefined, work: () => T): T {
  const context = typeof parent === "string" || parent === undefined ? parseTraceparent(parent) : parent;
  return scope.run(childContext(context), work);
}

/** The `traceparent` a message or call made now carries: a child of the active span, or a new trace. */
export function nextTraceparent(): string {
  return formatTraceparent(childContext(activeTrace()));
}

/** The trace id in a `traceparent` value, if it is a valid one. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return parseTraceparent(traceparent)?.traceId;
}

/**
 * Client side: a call made inside this scope carries its trace (the runtime's own interceptor,
 * which runs after this one, only knows the Connect call being served).
 */
export function forwardTraceInterceptor(): Interceptor {
  return (next) => (request) => {
    const context = scope.getStore();
    if (context && !request.header.has(TRACEPARENT_HEADER)) {
      request.header.set(TRACEPARENT_HEADER, formatTraceparent(childContext(context)));
      if (context.tracestate) request.header.set(TRACESTATE_HEADER, context.tracestate);
    }
    return next(request);
  };
}

/** Any generated consumer's handler: the payload type does not matter here. */
type AnyHandler = (message: ReceivedMessage<never>) => Promise<unknown>;

/** Wraps each Kafka handler so it runs as a span of the trace its record carries. */
export function tracedHandlers<H extends { [K in keyof H]: AnyHandler }>(handlers: H): H {
  const wrapped = {} as H;
  for (const name of Object.keys(handlers) as Array<keyof H>) {
    const handle: AnyHandler = handlers[name];
    const traced: AnyHandler = (message) => runInTrace(message.traceparent, () => handle(message));
    wrapped[name] = traced as H[keyof H];
  }
  return wrapped;
}
