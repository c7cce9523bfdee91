/**
 * A small structured logger: one JSON line per entry (`level`, `time`, `service`, `msg`, the
 * active trace's `traceId` and `spanId` when there is one, fields), for stdout.
 */
import { currentTrace } from "../trace-context.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export interface LoggerOptions {
  /** Lowest level written (default info). */
  level?: LogLevel;
  /** Where lines go (default: process.stdout). */
  write?: (line: string) => void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  const lowest = RANK[options.level ?? "info"];
  if (lowest === undefined) throw new TypeError(`unknown log level ${JSON.stringify(options.level)}`);
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const entry =
    (level: LogLevel) =>
    (message: string, fields: Readonly<Record<string, unknown>> = {}) => {
      if (RANK[level] < lowest) return;
      const trace = currentTrace();
      const traced = trace ? { traceId: trace.traceId, spanId: trace.spanId } : {};
      write(`${JSON.stringify({ level, time: new Date().toISOString(), service, msg: message, ...traced, ...serializable(fields) })}\n`);
    };
  return { debug: entry("debug"), info: entry("info"), warn: entry("warn"), error: entry("error") };
}

/** Errors as `{ name, message, stack }` (JSON.stringify makes them `{}`). */
function serializable(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      value instanceof Error ? { name: value.name, message: value.message, ...(value.stack ? { stack: value.stack } : {}) } : value;
  }
  return out;
}
