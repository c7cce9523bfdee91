import type { EventWriter, ResponseHeaders, ServerSentEvent } from "./operation.js";
import { setHeaders, type ServerResponseLike } from "./respond.js";

export interface EventStreamOptions {
  /** Sends a comment this often so proxies keep the connection open; 0 turns it off. */
  heartbeatMs: number;
  /** Checks each event's data before it is written; throwing ends the stream. */
  check?: (data: unknown) => void;
}

/**
 * Starts a `text/event-stream` response and returns the writer a handler fills it with, and a
 * function that ends the stream. Slow readers are respected: `send` waits for `drain`.
 */
export function openEventStream(
  response: ServerResponseLike,
  status: number,
  headers: ResponseHeaders,
  signal: AbortSignal,
  options: EventStreamOptions,
): { writer: EventWriter<unknown>; end(): void } {
  setHeaders(response, headers);
  response.statusCode = status;
  response.setHeader("content-type", "text/event-stream; charset=utf-8");
  response.setHeader("cache-control", "no-cache");
  response.setHeader("x-accel-buffering", "no");
  // http2's compat response has no flushHeaders; a comment line sends the headers there too.
  if ("flushHeaders" in response) response.flushHeaders();
  else response.write(": open\n\n");

  const write = (text: string): Promise<void> => {
    if (signal.aborted || response.writableEnded) return Promise.resolve();
    if ((response.write as (chunk: string) => boolean)(text)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        response.off("drain", done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      response.on("drain", done);
      signal.addEventListener("abort", done);
    });
  };
  const heartbeat = options.heartbeatMs > 0 ? setInterval(() => void write(": keep-alive\n\n"), options.heartbeatMs) : undefined;
  heartbeat?.unref();

  const writer: EventWriter<unknown> = {
    signal,
    send(event) {
      options.check?.(event.data);
      return write(formatEvent(event));
    },
    comment(text) {
      return write(
        `${text
          .split(/\r?\n/)
          .map((line) => `: ${line}`)
          .join("\n")}\n\n`,
      );
    },
  };
  return {
    writer,
    end() {
      if (heartbeat) clearInterval(heartbeat);
      if (!response.writableEnded) response.end();
    },
  };
}

/** One event in the wire format of the HTML standard's EventSource. */
export function formatEvent(event: ServerSentEvent<unknown>): string {
  const lines: string[] = [];
  if (event.id !== undefined) lines.push(`id: ${singleLine(event.id)}`);
  if (event.event !== undefined) lines.push(`event: ${singleLine(event.event)}`);
  if (event.retry !== undefined) lines.push(`retry: ${Math.max(0, Math.floor(event.retry))}`);
  const data = typeof event.data === "string" ? event.data : JSON.stringify(event.data);
  for (const line of data.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return `${lines.join("\n")}\n\n`;
}

function singleLine(value: string): string {
  return value.replace(/[\r\n]/g, " ");
}
