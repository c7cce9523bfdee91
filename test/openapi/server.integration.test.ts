import { createServer, type Server } from "node:http";
import { createServer as createH2cServer, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sdk from "../../generated/openapi/gateway/sdk/index.js";
import { createGatewayRouter } from "../../generated/openapi/gateway/server/index.js";
import { curl, curlStream } from "./server-curl.js";
import { createGatewayApp } from "./server-gateway-app.js";

/**
 * The gateway's generated server stubs behind a real node:http server on 127.0.0.1, driven by
 * curl: valid requests reach the handlers with typed, coerced input; invalid ones are answered
 * by the router with problem+json before any handler runs. Then the same server is driven by the
 * generated SDK, so both generated halves are shown to agree on the wire.
 */
describe("generated gateway server, driven by curl and by the generated SDK", () => {
  const app = createGatewayApp();
  let server: Server;
  let base: string;
  const auth = ["-H", "Authorization: Bearer token-alice"];
  const json = ["-H", "Content-Type: application/json"];

  beforeAll(async () => {
    const listener = createGatewayRouter(app.handlers, { authenticate: app.authenticate, validateResponses: true });
    server = createServer((request, response) => void listener(request, response));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function createOrder(key: string): Promise<number> {
    const body = JSON.stringify({ items: [{ productId: "p-1", quantity: 2, price: 1250 }], currency: "EUR" });
    const response = await curl([...auth, ...json, "-H", `Idempotency-Key: ${key}`, "-d", body, `${base}/order`]);
    expect(response.status).toBe(201);
    return (response.json() as { orderId: number }).orderId;
  }

  it("registers a user without credentials and never returns the password", async () => {
    const body = { username: "alice", email: "alice@example.com", password: "s3cret-pass", firstName: "Alice", lastName: "Liddell" };
    const response = await curl([...json, "-d", JSON.stringify(body), `${base}/user`]);
    expect(response.status).toBe(201);
    expect(response.headers["content-type"]).toBe("application/json");
    const user = response.json() as Record<string, unknown>;
    expect(user).toMatchObject({ username: "alice", email: "alice@example.com" });
    expect(user.password).toBeUndefined();
    expect(typeof user.registeredAt).toBe("number");
  });

  it("creates an order with a Location header and reads it back with the path parameter coerced", async () => {
    const body = JSON.stringify({ items: [{ productId: "p-1", quantity: 2, price: 1250 }], currency: "EUR" });
    const created = await curl([...auth, ...json, "-H", "Idempotency-Key: order-key-0001", "-d", body, `${base}/order`]);
    expect(created.status).toBe(201);
    const order = created.json() as { orderId: number; amount: number; status: string; username: string };
    expect(order).toMatchObject({ amount: 2500, status: "NEW", username: "alice" });
    expect(created.headers.location).toBe(`/api/v1/order/${order.orderId}`);

    const again = await curl([...auth, ...json, "-H", "Idempotency-Key: order-key-0001", "-d", body, `${base}/order`]);
    expect((again.json() as { orderId: number }).orderId).toBe(order.orderId);

    const read = await curl([...auth, `${base}/order/${order.orderId}`]);
    expect(read.status).toBe(200);
    expect(read.json()).toEqual(order);
  });

  it("answers a non-integer path parameter with 400 naming the parameter", async () => {
    const response = await curl([...auth, `${base}/order/abc`]);
    expect(response.status).toBe(400);
    expect(response.headers["content-type"]).toBe("application/problem+json");
    expect(response.json()).toMatchObject({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      errors: [{ in: "path", name: "orderId", keyword: "type" }],
    });
  });

  it("lists every violation of a bad order at once: header, missing field, wrong pattern and enum, unknown field", async () => {
    const body = JSON.stringify({ currency: "euro", orderId: 7 });
    const response = await curl([...auth, ...json, "-H", "Idempotency-Key: short", "-d", body, `${base}/order`]);
    expect(response.status).toBe(400);
    const problem = response.json() as { detail: string; errors: { in: string; name?: string; pointer?: string; keyword: string }[] };
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: "header", name: "Idempotency-Key", keyword: "minLength" }),
        expect.objectContaining({ in: "body", pointer: "/items", keyword: "required" }),
        expect.objectContaining({ in: "body", pointer: "/currency", keyword: "pattern" }),
        expect.objectContaining({ in: "body", pointer: "/currency", keyword: "enum" }),
        expect.objectContaining({ in: "body", pointer: "/orderId", keyword: "additionalProperties" }),
      ]),
    );
    expect(problem.errors).toHaveLength(5);
    expect(problem.detail).toBe("The request breaks the contract: 5 violations");
  });

  it("rejects a value outside an enum, and a missing required header", async () => {
    const report = JSON.stringify({ targetType: "COMMENT", targetId: "ad-42", reason: "spam" });
    const response = await curl([...auth, ...json, "-d", report, `${base}/reports`]);
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({
      errors: [{ in: "body", pointer: "/targetType", keyword: "enum", message: 'must be one of "AD", "USER"' }],
    });

    const deposit = await curl([...auth, ...json, "-d", JSON.stringify({ amount: 500, currency: "EUR" }), `${base}/account/deposit`]);
    expect(deposit.status).toBe(400);
    expect(deposit.json()).toMatchObject({ errors: [{ in: "header", name: "Idempotency-Key", keyword: "required" }] });
  });

  it("accepts a report at once with 202 and the contract's message", async () => {
    const report = JSON.stringify({ targetType: "AD", targetId: "ad-42", reason: "counterfeit goods" });
    const response = await curl([...auth, ...json, "-d", report, `${base}/reports`]);
    expect(response.status).toBe(202);
    expect(response.json()).toMatchObject({ status: "PROCESSING", message: "your report is being processed" });
  });

  it("coerces and defaults query parameters, and reports each bad one", async () => {
    const ok = await curl([...auth, `${base}/notifications?type=SMS`]);
    expect(ok.status).toBe(200);
    const page = ok.json() as { items: { type: string }[] };
    expect(page.items).toHaveLength(3);
    expect(page.items.every((item) => item.type === "SMS")).toBe(true);

    const bad = await curl([...auth, `${base}/notifications?limit=500&type=FAX`]);
    expect(bad.status).toBe(400);
    const errors = (bad.json() as { errors: { name: string; keyword: string }[] }).errors;
    expect(errors.map((e) => `${e.name}:${e.keyword}`).sort()).toEqual(["limit:maximum", "type:enum"]);
  });

  it("requires credentials where the contract does: 401 problem+json with a Bearer challenge", async () => {
    const missing = await curl([`${base}/order/1`]);
    expect(missing.status).toBe(401);
    expect(missing.headers["content-type"]).toBe("application/problem+json");
    expect(missing.headers["www-authenticate"]).toBe("Bearer");
    const rejected = await curl(["-H", "Authorization: Bearer forged", `${base}/order/1`]);
    expect(rejected.status).toBe(401);
  });

  it("answers malformed JSON, a wrong media type, an unknown path and a wrong method with problem+json", async () => {
    const broken = await curl([...auth, ...json, "-H", "Idempotency-Key: order-key-0002", "-d", "{not json", `${base}/order`]);
    expect(broken.status).toBe(400);
    expect(broken.json()).toMatchObject({ errors: [{ in: "body", pointer: "", keyword: "json" }] });

    const text = await curl([
      ...auth,
      "-H",
      "Content-Type: text/plain",
      "-H",
      "Idempotency-Key: order-key-0003",
      "-d",
      "hi",
      `${base}/order`,
    ]);
    expect(text.status).toBe(415);

    const unknown = await curl([...auth, `${base}/orders`]);
    expect(unknown.status).toBe(404);
    expect(unknown.headers["content-type"]).toBe("application/problem+json");

    const method = await curl([...auth, "-X", "DELETE", `${base}/order/1`]);
    expect(method.status).toBe(405);
    expect(method.headers.allow).toBe("GET");
  });

  it("streams status changes as server-sent events and resumes after Last-Event-ID", async () => {
    const orderId = await createOrder("order-key-0004");
    let advanced = false;
    const output = await curlStream([...auth, `${base}/order/${orderId}/status-stream`], (soFar) => {
      if (!advanced && soFar.includes('"status":"NEW"')) {
        advanced = true;
        app.advance(orderId, "PAID");
        app.advance(orderId, "SHIPPED");
        app.advance(orderId, "DELIVERED");
      }
    });
    const events = output.split("\n\n").filter((block) => block.includes("data: "));
    const statuses = events.map((block) => (JSON.parse(block.split("data: ")[1]!) as { status: string }).status);
    expect(statuses).toEqual(["NEW", "PAID", "SHIPPED", "DELIVERED"]);
    expect(events[1]).toMatch(/^id: \d+\nevent: status\ndata: \{.*"previousStatus":"NEW"/);

    const secondId = /^id: (\d+)/.exec(events[1]!)![1]!;
    const resumed = await curlStream([...auth, "-H", `Last-Event-ID: ${secondId}`, `${base}/order/${orderId}/status-stream`], () => {});
    const resumedStatuses = resumed
      .split("\n\n")
      .filter((block) => block.includes("data: "))
      .map((block) => (JSON.parse(block.split("data: ")[1]!) as { status: string }).status);
    expect(resumedStatuses).toEqual(["SHIPPED", "DELIVERED"]);
  });

  it("answers a stream of an unknown order with a plain 404 instead of a stream", async () => {
    const response = await curl([...auth, `${base}/order/999999/status-stream`]);
    expect(response.status).toBe(404);
    expect(response.headers["content-type"]).toBe("application/problem+json");
  });

  describe("through the generated SDK", () => {
    const client = () => sdk.createClient({ baseUrl: base, token: () => "token-carol", retry: false, timeoutMs: 10_000 });

    it("registers a user, creates an order and reads it back, with typed results", async () => {
      const registered = await sdk.registerUser(client(), {
        body: { username: "carol", email: "carol@example.com", password: "long-enough", firstName: "Carol", lastName: "Danvers" },
      });
      expect(registered.status).toBe(201);
      if (registered.status !== 201) throw new Error("unreachable");
      expect(registered.data.username).toBe("carol");

      const created = await sdk.createOrder(client(), {
        body: { items: [{ productId: "p-9", quantity: 3, price: 100 }], currency: "EUR" },
      });
      if (created.status !== 201) throw new Error(`createOrder answered ${created.status}`);
      expect(created.data).toMatchObject({ username: "carol", amount: 300, status: "NEW" });
      expect(created.headers.get("location")).toBe(`/api/v1/order/${created.data.orderId}`);

      const read = await sdk.getOrder(client(), { path: { orderId: created.data.orderId } });
      expect(read.status).toBe(200);
      if (read.status === 200) expect(read.data).toEqual(created.data);
    });

    it("gets the router's 400 and the handler's 404 as typed failures", async () => {
      const bad = await sdk.createOrder(client(), { body: { items: [], currency: "usd" as "EUR" } }); // wrong on purpose
      expect(bad.ok).toBe(false);
      if (bad.status !== 400) throw new Error(`createOrder answered ${bad.status}`);
      expect(bad.error.errors?.map((e) => `${e.pointer}:${e.keyword}`).sort()).toEqual([
        "/currency:enum",
        "/currency:pattern",
        "/items:minItems",
      ]);

      const missing = await sdk.getOrder(client(), { path: { orderId: 987_654 } });
      if (missing.status !== 404) throw new Error(`getOrder answered ${missing.status}`);
      expect(missing.error.detail).toBe("no order 987654");
    });

    it("files a report and lists notifications with a query", async () => {
      const report = await sdk.fileReport(client(), { body: { targetType: "USER", targetId: "mallory", reason: "spam" } });
      if (report.status !== 202) throw new Error(`fileReport answered ${report.status}`);
      expect(report.data.message).toBe("your report is being processed");

      const page = await sdk.listNotifications(client(), { query: { limit: 2, type: "PUSH" } });
      if (page.status !== 200) throw new Error(`listNotifications answered ${page.status}`);
      expect(page.data.items.map((n) => n.type)).toEqual(["PUSH", "PUSH"]);
    });

    it("follows an order's status stream until it is delivered", async () => {
      const created = await sdk.createOrder(client(), { body: { items: [{ productId: "p-1", quantity: 1, price: 5 }], currency: "EUR" } });
      if (created.status !== 201) throw new Error(`createOrder answered ${created.status}`);
      const orderId = created.data.orderId;
      const seen: string[] = [];
      for await (const event of sdk.streamOrderStatus(client(), { path: { orderId } })) {
        seen.push(event.data.status);
        if (event.data.status === "NEW") {
          app.advance(orderId, "PAID");
          app.advance(orderId, "DELIVERED");
        }
        if (event.data.status === "DELIVERED") break;
      }
      expect(seen).toEqual(["NEW", "PAID", "DELIVERED"]);
    });
  });

  describe("over HTTP/2 (h2c) with the same listener", () => {
    let h2: Http2Server;
    let h2Base: string;
    beforeAll(async () => {
      const listener = createGatewayRouter(app.handlers, { authenticate: app.authenticate });
      h2 = createH2cServer((request, response) => void listener(request, response));
      await new Promise<void>((resolve) => h2.listen(0, "127.0.0.1", resolve));
      h2Base = `http://127.0.0.1:${(h2.address() as AddressInfo).port}/api/v1`;
    });
    afterAll(async () => {
      await new Promise((resolve) => h2.close(resolve));
    });

    it("validates, serves and streams", async () => {
      const h2 = ["--http2-prior-knowledge", ...auth];
      const bad = await curl([...h2, `${h2Base}/order/abc`]);
      expect(bad.status).toBe(400);
      expect(bad.json()).toMatchObject({ errors: [{ in: "path", name: "orderId" }] });

      const body = JSON.stringify({ items: [{ productId: "p-2", quantity: 1, price: 10 }], currency: "EUR" });
      const created = await curl([...h2, ...json, "-H", "Idempotency-Key: order-key-h2-01", "-d", body, `${h2Base}/order`]);
      expect(created.status).toBe(201);
      const orderId = (created.json() as { orderId: number }).orderId;

      app.advance(orderId, "CANCELLED");
      const stream = await curlStream([...h2, `${h2Base}/order/${orderId}/status-stream`], () => {});
      expect(stream.match(/"status":"[A-Z_]+"/g)).toEqual(['"status":"NEW"', '"status":"CANCELLED"']);
    });
  });
});
