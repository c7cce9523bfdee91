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
      onError: (error) => {
        errors.push(error);
      },
    });
    const response = await fetch(`${base}/account`, { headers: auth });
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(String(errors[0])).toContain("key server down");
    expect(JSON.stringify(await response.json())).not.toContain("key server down");
  });

  it("answers a thrown handler error with the problem onError returns, else a bare 500 without the error's text", async () => {
    const app = createGatewayApp();
    const failing: GatewayHandlers = {
      ...app.handlers,
      getAccount: () => {
        throw new Error("cannot encode field order.v1.GetOrderRequest.order_id to binary: invalid int64");
      },
    };
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const base = await serve(failing, {
      authenticate: app.authenticate,
      onError: () => ({
        problem: { type: "about:blank", title: "Service Unavailable", status: 503, detail: "account service unavailable", traceId },
        headers: { "retry-after": "1" },
      }),
    });
    const answered = await fetch(`${base}/account`, { headers: auth });
    expect(answered.status).toBe(503);
    expect(answered.headers.get("retry-after")).toBe("1");
    expect(await answered.json()).toEqual({
      type: "about:blank",
      title: "Service Unavailable",
      status: 503,
      detail: "account service unavailable",
      traceId,
    });
    server?.closeAllConnections();
    server?.close();

    const bare = await serve(failing, { authenticate: app.authenticate, onError: () => undefined });
    const response = await fetch(`${bare}/account`, { headers: auth });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ type: "about:blank", title: "Internal Server Error", status: 500 });
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
