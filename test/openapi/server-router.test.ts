import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createGatewayRouter, type GatewayHandlers, type RouterOptions } from "../../generated/openapi/gateway/server/index.js";
import { createGatewayApp } from "./server-gateway-app.js";

/** Router behaviour around the handlers: limits, failing hooks, clients that go away. */
describe("generated router edge cases", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  async function serve(handlers: GatewayHandlers, options: RouterOptions): Promise<string> {
    const listener = createGatewayRouter(handlers, options);
    server = createServer((request, response) => void listener(request, response));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  }
  const auth = { authorization: "Bearer token-dave" };

  it("refuses a body over the limit with 413 before parsing it", async () => {
    const app = createGatewayApp();
    const base = await serve(app.handlers, { authenticate: app.authenticate, bodyLimitBytes: 64 });
    const body = JSON.stringify({ targetType: "AD", targetId: "ad-1", reason: "x".repeat(200) });
    const response = await fetch(`${base}/reports`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: 413, title: "Content Too Large" });
  });

  it("answers 500 and reports the error when the authenticate hook throws", async () => {
    const app = createGatewayApp();
    const errors: unknown[] = [];
    const base = await serve(app.handlers, {
      authenticate: () => {
        throw new Error("key server down");
      },
      onError: (error) => errors.push(error),
    });
    const response = await fetch(`${base}/account`, { headers: auth });
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(String(errors[0])).toContain("key server down");
  });

  it("aborts the event writer's signal when the client disconnects", async () => {
    const app = createGatewayApp();
    let aborted = false;
    const handlers: GatewayHandlers = {
      ...app.handlers,
      streamOrderStatus: () => ({
        status: 200,
        async stream(writer) {
          await writer.send({ id: "1", data: { orderId: 1, status: "NEW", occurredAt: 0 } });
          await new Promise<void>((resolve) => writer.signal.addEventListener("abort", () => resolve(), { once: true }));
          aborted = true;
        },
      }),
    };
    const base = await serve(handlers, { authenticate: app.authenticate });
    const client = new AbortController();
    const response = await fetch(`${base}/order/1/status-stream`, { headers: auth, signal: client.signal });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('data: {"orderId":1,"status":"NEW","occurredAt":0}');
    client.abort();
    await expect.poll(() => aborted, { timeout: 10_000 }).toBe(true);
  });
});
