/** A W3C trace context (https://www.w3.org/TR/trace-context/): which trace, which span, sampled or not. */
export interface TraceContext {
  traceId: string;
  spanId: string;
  flags: string;
  tracestate?: string;
}

export const TRACEPARENT_HEADER = "traceparent";
export const TRACESTATE_HEADER = "tracestate";

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
/** What nearly every caller sends (version 00, lowercase, no padding): checked without copying or capturing. */
const CANONICAL = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ZERO_TRACE_ID = "0".repeat(32);
const ZERO_SPAN_ID = "0".repeat(16);

export function parseTraceparent(value: string | null | undefined, tracestate?: string | null): TraceContext | undefined {
  if (!value) return undefined;
  let version: string, traceId: string, spanId: string, flags: string;
  if (value.length === 55 && CANONICAL.test(value)) {
    version = value.slice(0, 2);
    traceId = value.slice(3, 35);
    spanId = value.slice(36, 52);
    flags = value.slice(53, 55);
  } else {
    const match = TRACEPARENT.exec(value.trim().toLowerCase());
    if (!match) return undefined;
    [, version, traceId, spanId, flags] = match as unknown as [string, string, string, string, string];
  }
  if (version === "ff" || traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  return tracestate ? { traceId, spanId, flags, tracestate } : { traceId, spanId, flags };
}

export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}

/** A new span in the same trace as `parent`; a new sampled trace when there is no parent. */
export function childContext(parent: TraceContext | undefined): TraceContext {
  if (!parent) return { traceId: randomHex(16), spanId: randomHex(8), flags: "01" };
  return { ...parent, spanId: randomHex(8) };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

/** Random lowercase hex, never all zeros; drawn from a pooled buffer so a call costs no syscall. */
function randomHex(bytes: number): string {
  for (;;) {
    if (poolOffset + bytes > pool.length) {
      crypto.getRandomValues(pool);
      poolOffset = 0;
    }
    let hex = "";
    let zero = true;
    for (let i = poolOffset; i < poolOffset + bytes; i++) {
      hex += HEX[pool[i]!];
      if (pool[i] !== 0) zero = false;
    }
    poolOffset += bytes;
    if (!zero) return hex;
  }
}

let activeTrace: () => TraceContext | undefined = () => undefined;

/** Where clients find the trace of the work in progress; the Node server installs one backed by AsyncLocalStorage. */
export function setActiveTraceProvider(provider: () => TraceContext | undefined): void {
  activeTrace = provider;
}

export function currentTrace(): TraceContext | undefined {
  return activeTrace();
}

/** The `traceparent` a message or call made now carries: a span of the active trace, or a new trace. */
export function nextTraceparent(): string {
  return formatTraceparent(childContext(activeTrace()));
}
