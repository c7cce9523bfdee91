import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createClient,
  createOrder,
  getHealth,
  getOrder,
  getUser,
  registerUser,
  SdkError,
  watchOrderStatus,
} from "../golden/openapi-sdk/expected/shop/sdk/index.js";

/** What the server saw: one entry per request. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

let server: Server;
let baseUrl: string;
let seen: Seen[];
let handler: Handler;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, seen.length);
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

beforeEach(() => {
  seen = [];
  handler = (_req, res) => json(res, 500, { title: "no handler" });
});

function json(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  res.writeHead(status, { "content-type": type }).end(JSON.stringify(body));
}

/** Fast retries so the suite stays quick; jitter still applies. */
const fast = { initialDelayMs: 5, maxDelayMs: 20 };

describe("generated SDK against a real HTTP server on 127.0.0.1", () => {
  it("sends the path, query, headers and bearer token, and types a 200", async () => {
    handler = (_req, res) => json(res, 200, { username: "ann", email: "ann@example.test" });
    const client = createClient({ baseUrl, token: async () => "jwt-1" });
    const result = await getUser(client, {
      path: { username: "ann b" },
      query: { fields: ["email", "name"] },
      headers: { "X-Request-Id": "r-7" },
    });
    expect(result).toMatchObject({ ok: true, status: 200, data: { username: "ann", email: "ann@example.test" } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "GET", url: "/api/v1/user/ann%20b?fields=email&fields=name" });
    expect(seen[0]!.headers).toMatchObject({ authorization: "Bearer jwt-1", "x-request-id": "r-7" });
  });

  it("returns a declared error status as a typed failure without throwing or retrying", async () => {
    handler = (_req, res) => json(res, 404, { title: "No such order", status: 404 }, "application/problem+json");
    const result = await getOrder(createClient({ baseUrl, retry: fast }), { path: { orderId: 42 } });
    expect(result.ok).toBe(false);
    if (result.status !== 404) throw new Error(`expected 404, got ${result.status}`);
    expect(result.error.title).toBe("No such order");
    expect(seen).toHaveLength(1);
  });

  it("retries a GET on 503 with backoff and returns the success", async () => {
    handler = (_req, res, attempt) => (attempt < 3 ? res.writeHead(503).end() : json(res, 200, { amount: 5, currency: "EUR" }));
    const result = await getOrder(createClient({ baseUrl, retry: fast }), { path: { orderId: 1 } });
    expect(result).toMatchObject({ ok: true, status: 200, data: { amount: 5 } });
    expect(seen.map((s) => s.method)).toEqual(["GET", "GET", "GET"]);
  });

  it("returns an empty 502 body as a failure with error undefined once retries run out", async () => {
    handler = (_req, res) => res.writeHead(502).end();
    const result = await getOrder(createClient({ baseUrl, retry: { ...fast, maxAttempts: 2 } }), { path: { orderId: 1 } });
    expect(result).toMatchObject({ ok: false, status: 502, error: undefined });
    expect(seen).toHaveLength(2);
  });

  it("retries a POST that declares Idempotency-Key, sending the same generated key every time", async () => {
    handler = (_req, res, attempt) =>
      attempt < 3 ? res.writeHead(503).end() : json(res, 201, { ...(JSON.parse(seen.at(-1)!.body) as object), orderId: 9 });
    const result = await createOrder(createClient({ baseUrl, retry: fast }), { body: { amount: 1250, currency: "EUR" } });
    expect(result).toMatchObject({ ok: true, status: 201, data: { orderId: 9, amount: 1250 } });
    const keys = seen.map((s) => s.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seen[0]!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(seen[0]!.body)).toEqual({ amount: 1250, currency: "EUR" });
  });

  it("keeps a caller's own idempotency key", async () => {
    handler = (_req, res) => json(res, 201, { amount: 1, currency: "EUR" });
    await createOrder(createClient({ baseUrl }), { headers: { "Idempotency-Key": "mine-1" }, body: { amount: 1, currency: "EUR" } });
    expect(seen[0]!.headers["idempotency-key"]).toBe("mine-1");
  });

  it("does not retry a POST without an idempotency key", async () => {
    handler = (_req, res) => res.writeHead(503).end();
    const result = await registerUser(createClient({ baseUrl, retry: fast }), { body: { username: "ann", password: "pw" } });
    expect(result).toMatchObject({ ok: false, status: 503, error: undefined });
    expect(seen).toHaveLength(1);
  });

  it("times out each attempt, retries the idempotent call, then throws a timeout SdkError", async () => {
    handler = (_req, res) => setTimeout(() => json(res, 200, { amount: 1, currency: "EUR" }), 3_000).unref();
    const started = performance.now();
    const error = await getOrder(
      createClient({ baseUrl, retry: { ...fast, maxAttempts: 2 } }),
      { path: { orderId: 1 } },
      { timeoutMs: 150 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdkError);
    expect(error).toMatchObject({ code: "timeout", retriable: true });
    expect(seen).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it("stops at once when the caller aborts, without retrying", async () => {
    handler = (_req, res) => setTimeout(() => json(res, 200, {}), 3_000).unref();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await getOrder(createClient({ baseUrl, retry: fast }), { path: { orderId: 1 } }, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: "SdkError", code: "aborted", retriable: false });
    expect(seen).toHaveLength(1);
  });

  it("throws a network SdkError when nothing listens, after the retries an idempotent call allows", async () => {
    const closed = createServer();
    await new Promise<void>((ready) => closed.listen(0, "127.0.0.1", ready));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const error = await getHealth(createClient({ baseUrl: `http://127.0.0.1:${port}`, retry: fast })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SdkError", code: "network", retriable: true });
  });

  it("reads a text/plain body as a string", async () => {
    handler = (_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("alive");
    expect(await getHealth(createClient({ baseUrl }))).toMatchObject({ ok: true, data: "alive" });
  });
});

describe("generated SSE subscription against a real server", () => {
  it("parses events and reconnects with Last-Event-ID after the server closes the stream", async () => {
    handler = (req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      const last = Number(req.headers["last-event-id"] ?? 0);
      const statuses = ["NEW", "PAID", "SHIPPED", "DELIVERED"];
      res.write("retry: 20\n: a comment line\n\n");
      for (let id = last + 1; id <= Math.min(last + 2, statuses.length); id++) {
        const data = JSON.stringify({ orderId: 7, status: statuses[id - 1], occurredAt: 1_700_000_000_000 + id });
        res.write(`id: ${id}\nevent: status\ndata: ${data}\n\n`);
      }
      res.end();
    };
    const events = [];
    for await (const event of watchOrderStatus(createClient({ baseUrl, token: () => "jwt-2" }), { path: { orderId: 7 } })) {
      events.push(event);
      if (events.length === 4) break;
    }
    expect(events.map((e) => [e.id, e.event, e.data.status])).toEqual([
      ["1", "status", "NEW"],
      ["2", "status", "PAID"],
      ["3", "status", "SHIPPED"],
      ["4", "status", "DELIVERED"],
    ]);
    expect(seen.map((s) => s.headers["last-event-id"])).toEqual([undefined, "2"]);
    expect(seen.every((s) => s.headers.accept === "text/event-stream" && s.headers.authorization === "Bearer jwt-2")).toBe(true);
    expect(seen[0]!.url).toBe("/api/v1/order/7/status-stream");
  });

  it("reconnects with backoff after 503 and resumes from the id it was given", async () => {
    handler = (_req, res, attempt) => {
      if (attempt === 1) return void res.writeHead(503).end();
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`id: 11\ndata: {"orderId":7,"status":"PAID","occurredAt":1}\n\n`);
    };
    const stream = watchOrderStatus(createClient({ baseUrl, retry: fast }), { path: { orderId: 7 } }, { lastEventId: "10" });
    const first = await stream.next();
    await stream.return(undefined);
    expect(first.value).toMatchObject({ id: "11", data: { status: "PAID" } });
    expect(seen.map((s) => s.headers["last-event-id"])).toEqual(["10", "10"]);
  });

  it("ends with a non-retriable SdkError when the server refuses with 401", async () => {
    handler = (_req, res) => json(res, 401, { title: "Unauthorized" }, "application/problem+json");
    const stream = watchOrderStatus(createClient({ baseUrl, retry: fast }), { path: { orderId: 7 } });
    await expect(stream.next()).rejects.toMatchObject({ name: "SdkError", code: "status", status: 401, retriable: false });
    expect(seen).toHaveLength(1);
  });
});
