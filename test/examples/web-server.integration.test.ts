/**
 * The example server on its own, in front of a stand-in gateway (node:http on 127.0.0.1, so the
 * proxy can be watched from both ends): the page and its bundle, headers and bodies forwarded,
 * server-sent events passed on as they come (not when the upstream ends), the upstream request
 * dropped when the browser goes away, 502 when the gateway is down, and the dev token issuer.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jwtVerify } from "jose";
import { startWebServer, type WebServer } from "../../examples/web/server/web-server.js";

const secret = "web-server-test-secret-0123456789abcdef";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let gateway: Server;
let gatewayUrl: string;
let web: WebServer;
const seen: Seen[] = [];
/** Resolves when the stand-in gateway sees a streaming client go away. */
let streamClosed: Promise<void>;
let releaseStream: () => void = () => {};

beforeAll(async () => {
  let markClosed: () => void = () => {};
  streamClosed = new Promise((resolve) => (markClosed = resolve));
  gateway = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    if (req.url === "/api/v1/order/7/status-stream") {
      // First event now, second only when the test says so: a buffering proxy would show neither.
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      res.write('id: 1\ndata: {"status":"NEW"}\n\n');
      res.on("close", markClosed);
      releaseStream = () => res.write('id: 2\ndata: {"status":"PAID"}\n\n');
      return;
    }
    res.writeHead(201, { "content-type": "application/json", "x-upstream": "yes" }).end(JSON.stringify({ echoed: body }));
  });
  await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  web = await startWebServer({ gatewayUrl, devJwtSecret: secret });
}, 60_000);

afterAll(async () => {
  await web?.close();
  gateway?.closeAllConnections();
  await new Promise((resolve) => gateway?.close(resolve));
});

describe("examples/web server", () => {
  it("serves the page and the bundled SDK script on 127.0.0.1", async () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(web.url);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    const script = await fetch(`${web.url}/app.js`);
    expect(script.headers.get("content-type")).toContain("text/javascript");
    const code = await script.text();
    expect(code).toContain("/order/{orderId}/status-stream");
    expect(code).toContain("sourceMappingURL=app.js.map");
    expect((await fetch(`${web.url}/app.js.map`)).status).toBe(200);
    expect((await fetch(`${web.url}/nothing-here`)).status).toBe(404);
  });

  it("forwards /api/v1 with method, path, query, headers and body, and the answer back", async () => {
    const answer = await fetch(`${web.url}/api/v1/order?x=1`, {
      method: "POST",
      headers: { authorization: "Bearer abc", "idempotency-key": "key-1", "content-type": "application/json" },
      body: '{"items":[]}',
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("x-upstream")).toBe("yes");
    expect(await answer.json()).toEqual({ echoed: '{"items":[]}' });
    const request = seen.find((s) => s.url === "/api/v1/order?x=1");
    expect(request).toMatchObject({ method: "POST", body: '{"items":[]}' });
    expect(request?.headers).toMatchObject({ authorization: "Bearer abc", "idempotency-key": "key-1" });
    expect(request?.headers.host).toBe(new URL(gatewayUrl).host);
  });

  it("passes server-sent events on as they come, and drops the upstream when the client leaves", async () => {
    const abort = new AbortController();
    const answer = await fetch(`${web.url}/api/v1/order/7/status-stream`, { signal: abort.signal });
    expect(answer.headers.get("content-type")).toBe("text/event-stream");
    const reader = answer.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil('"NEW"');
    expect(text).not.toContain("PAID");
    releaseStream();
    await readUntil('"PAID"');
    abort.abort();
    await streamClosed;
  });

  it("answers 502 problem+json when the gateway is unreachable", async () => {
    const unreachable = await startWebServer({ gatewayUrl: "http://127.0.0.1:1" });
    try {
      const answer = await fetch(`${unreachable.url}/api/v1/account`);
      expect(answer.status).toBe(502);
      expect(answer.headers.get("content-type")).toBe("application/problem+json");
      // Without a secret there is no token issuer.
      expect((await fetch(`${unreachable.url}/dev/token`, { method: "POST", body: '{"username":"alice"}' })).status).toBe(404);
    } finally {
      await unreachable.close();
    }
  });

  it("issues development tokens the gateway's secret verifies, for valid usernames only", async () => {
    const answer = await fetch(`${web.url}/dev/token`, { method: "POST", body: JSON.stringify({ username: "alice" }) });
    expect(answer.status).toBe(200);
    const { token } = (await answer.json()) as { token: string };
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(secret));
    expect(protectedHeader.alg).toBe("HS256");
    expect(payload.sub).toBe("alice");
    for (const body of ['{"username":"A B"}', "not json", "{}"]) {
      expect((await fetch(`${web.url}/dev/token`, { method: "POST", body })).status).toBe(400);
    }
  });
});
