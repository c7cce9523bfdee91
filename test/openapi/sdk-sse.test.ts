import { describe, expect, it } from "vitest";
import { createClient } from "../../runtime/src/sdk/client.js";
import { subscribe, type ServerEvent } from "../../runtime/src/sdk/sse.js";

/** A fetch that answers each connection with the next list of raw chunks, then a 204 (stream over). */
function scriptedFetch(connections: (string | Uint8Array)[][]): { fetch: typeof fetch; requests: Headers[] } {
  const requests: Headers[] = [];
  const encoder = new TextEncoder();
  const fetchImpl = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    requests.push(new Headers(init?.headers));
    const chunks = connections.shift();
    if (!chunks) return new Response(null, { status: 204 });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

async function collect(connections: (string | Uint8Array)[][]): Promise<{ events: ServerEvent<unknown>[]; requests: Headers[] }> {
  const { fetch, requests } = scriptedFetch(connections);
  const client = createClient({ baseUrl: "http://sse.test", fetch, retry: { initialDelayMs: 1, maxDelayMs: 2 } });
  const events: ServerEvent<unknown>[] = [];
  for await (const event of subscribe(client, "/stream", {})) events.push(event);
  return { events, requests };
}

describe("SSE parsing in the SDK core (scripted fetch, no network)", () => {
  it("joins multi-line data, skips comments, keeps event names and ids", async () => {
    const { events } = await collect([[': hello\n\nevent: note\nid: a1\ndata: line one\ndata: line two\n\ndata: {"n":1}\n\n']]);
    expect(events).toEqual([{ event: "note", id: "a1", data: "line one\nline two" }, { data: { n: 1 } }]);
  });

  it("handles CRLF split between chunks and UTF-8 split inside a character", async () => {
    const bytes = new TextEncoder().encode("data: 5€\r\n\r\n");
    const insideEuro = "data: 5".length + 1; // the euro sign is three bytes; cut after its first
    const { events } = await collect([["data: 1\r", "\ndata: 2\r\n\r\n", bytes.slice(0, insideEuro), bytes.slice(insideEuro)]]);
    expect(events.map((e) => e.data)).toEqual(["1\n2", "5€"]);
  });

  it("drops an event cut off by the end of the stream and resumes from the last complete id", async () => {
    const { events, requests } = await collect([['id: 1\ndata: "one"\n\nid: 2\ndata: "tw'], ['id: 2\ndata: "two"\n\n']]);
    expect(events.map((e) => [e.id, e.data])).toEqual([
      ["1", "one"],
      ["2", "two"],
    ]);
    expect(requests.map((h) => h.get("last-event-id"))).toEqual([null, "1", "2"]);
  });

  it("ends on 204 without an error", async () => {
    const { events, requests } = await collect([]);
    expect(events).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.get("accept")).toBe("text/event-stream");
  });
});
