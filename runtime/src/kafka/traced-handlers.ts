import { runInTrace } from "../trace-scope.js";
import type { ReceivedMessage } from "./types.js";

/** Any generated consumer's handler: the payload type does not matter here. */
type AnyHandler = (message: ReceivedMessage<never>) => Promise<unknown>;

/**
 * Wraps each handler of a generated consumer so it runs as a span of the trace its record
 * carries: what it sends, calls and logs continues that trace (see `currentTrace`).
 */
export function tracedHandlers<H extends { [K in keyof H]: AnyHandler }>(handlers: H): H {
  const wrapped = {} as H;
  for (const name of Object.keys(handlers) as Array<keyof H>) {
    const handle: AnyHandler = handlers[name];
    const traced: AnyHandler = (message) => runInTrace(message.traceparent, () => handle(message));
    wrapped[name] = traced as H[keyof H];
  }
  return wrapped;
}
