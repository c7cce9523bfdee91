import { pino, type Logger } from "pino";
import { activeTrace } from "./trace-scope.js";

export type { Logger };
export type DestinationStream = pino.DestinationStream;

/** One structured JSON logger per service; every line carries the service name, and the trace id of the work in progress. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? "info", destination?: pino.DestinationStream): Logger {
  const mixin = () => {
    const trace = activeTrace();
    return trace ? { traceId: trace.traceId, spanId: trace.spanId } : {};
  };
  return destination ? pino({ name: service, level, base: { service }, mixin }, destination) : pino({ name: service, level, base: { service }, mixin });
}
