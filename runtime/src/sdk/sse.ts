import { backoffDelay, defaultRetryPolicy, sleep } from "../retry.js";
import { buildUrl, transportError, withAuth, type CallOptions, type Client, type RequestInput } from "./client.js";
import { SdkError } from "./sdk-error.js";

/** One server-sent event; `data` is parsed as JSON when it is JSON, else left as text. */
export interface ServerEvent<Data> {
  data: Data;
  id?: string;
  event?: string;
}

export interface SubscribeOptions extends CallOptions {
  /** Resume after this event id (sent as `Last-Event-ID` on the first connection too). */
  lastEventId?: string;
}

/**
 * Subscribes to a `text/event-stream` operation. The stream reconnects whenever the connection
 * ends or fails, sending `Last-Event-ID`, with the client's backoff (growing while connections
 * bring no event, reset once events flow; a server `retry:` field sets the delay). It ends when the caller stops iterating or aborts, on
 * 204, or with an SdkError when the server refuses with a non-retriable status or the policy's
 * attempts run out without an event.
 */
export async function* subscribe<Data>(
  client: Client,
  path: string,
  input: RequestInput = {},
  options: SubscribeOptions = {},
): AsyncGenerator<ServerEvent<Data>, void, undefined> {
  const retry = options.retry ?? client.retry;
  const policy = { ...defaultRetryPolicy, ...retry, ...(retry === false ? { maxAttempts: 1 } : {}) };
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([stop.signal, options.signal]) : stop.signal;
  let lastId = options.lastEventId;
  let retryMs: number | undefined;
  let failures = 0;
  // Connections in a row that ended without an event: they stretch the delay but never give up.
  let quiet = 0;
  try {
    for (;;) {
      try {
        const headers: Record<string, string> = { ...client.headers, ...options.headers, Accept: "text/event-stream" };
        if (lastId !== undefined) headers["Last-Event-ID"] = lastId;
        const response = await (client.fetch ?? fetch)(buildUrl(client, path, input), { headers: await withAuth(client, headers), signal });
        if (response.status === 204) return;
        if (!response.ok || !response.body) {
          const retriable = response.status >= 500 || response.status === 429 || response.status === 408;
          throw new SdkError(`stream refused: HTTP ${response.status}`, "status", retriable, response.status);
        }
        for await (const event of readEvents(response.body)) {
          failures = quiet = 0;
          if (event.id !== undefined) lastId = event.id;
          if (event.retry !== undefined) retryMs = event.retry;
          if (event.data !== undefined)
            yield {
              data: parseData(event.data) as Data,
              ...(event.id !== undefined && { id: event.id }),
              ...(event.event !== undefined && { event: event.event }),
            };
        }
      } catch (error) {
        const failure = error instanceof SdkError ? error : transportError(error, options.signal);
        if (!failure.retriable || ++failures >= policy.maxAttempts) throw failure;
      }
      await sleep(retryMs ?? backoffDelay(policy, failures + ++quiet), options.signal).catch((e: unknown) => {
        throw transportError(e, options.signal);
      });
    }
  } finally {
    stop.abort();
  }
}

interface RawEvent {
  data?: string;
  id?: string;
  event?: string;
  retry?: number;
}

/** The SSE wire format (WHATWG HTML, "Parsing an event stream"), dispatching on blank lines. */
async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<RawEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let event: RawEvent = {};
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    // A chunk may end between the \r and \n of one line break: wait for the next chunk.
    const lines = buffer.endsWith("\r") ? [] : buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? buffer;
    for (const line of lines) {
      if (line === "") {
        if (Object.keys(event).length > 0) yield event;
        event = {};
        continue;
      }
      const colon = line.indexOf(":");
      if (colon === 0) continue;
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "data") event.data = event.data === undefined ? value : `${event.data}\n${value}`;
      else if (field === "id") event.id = value;
      else if (field === "event") event.event = value;
      else if (field === "retry" && /^\d+$/.test(value)) event.retry = Number(value);
    }
  }
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
