/**
 * What the reference system does when things go wrong, on real servers and a real broker:
 * bad or forged credentials are rejected at the gateway and never reach an inner service; the
 * payment service stopped mid-flow (async and hybrid finish the order once it is back, sync
 * answers 503 and leaves no order); many reports with two moderation workers are each judged once.
 */
import { join } from "node:path";
import { Writable } from "node:stream";
import { SignJWT, UnsecuredJWT } from "jose";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { createOrderServiceClient } from "../../generated/proto/order/v1/order_service_client.js";
import { createNodeTransport } from "../../runtime/src/rpc/node-transport.js";
import { issueToken } from "../../services/shared/auth/token-issuer.js";
import { openSqlite } from "../../services/shared/storage/sqlite.js";
import { verdictCount } from "../../services/moderation/store.js";
import { eventually } from "../../tools/wait.js";
import { useOwnBroker, useTestSystem } from "./support/system.js";
import { testJwtSecret, type TestSystem } from "../../tools/system/system.js";

const own = useOwnBroker();

/** Sum of `concord_requests_total` with surface="rpc" on a service's /metrics endpoint. */
async function rpcRequestsServed(test: TestSystem, service: string): Promise<number> {
  const port = test.system.services.get(service)!.ports.metrics;
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("concord_requests_total{") && line.includes('surface="rpc"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

describe("hybrid system: security and moderation", () => {
  const test = useTestSystem(own, "hybrid");

  it("rejects a missing token, a bad signature, an expired token and alg none with 401, reaching no inner service", async () => {
    const { client } = test;
    const { username } = await client.newUser("sec");
    const secret = new TextEncoder().encode(testJwtSecret);
    const now = Math.floor(Date.now() / 1000);
    const tokens: Record<string, string | undefined> = {
      missing: undefined,
      badSignature: await issueToken("some-other-secret-of-sufficient-length", { username }),
      expired: await new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(username)
        .setIssuedAt(now - 7200)
        .setExpirationTime(now - 3600)
        .sign(secret),
      algNone: new UnsecuredJWT({}).setSubject(username).setExpirationTime("1h").encode(),
    };
    const before = await rpcRequestsServed(test, "order");
    for (const [name, token] of Object.entries(tokens)) {
      const response = await client.request("POST", "/order", {
        ...(token ? { token } : {}),
        body: { items: [{ productId: "x", quantity: 1, price: 1 }], currency: "EUR" },
        headers: { "Idempotency-Key": `key-for-${name}` },
      });
      expect(response.status, name).toBe(401);
      expect(response.headers.get("content-type"), name).toContain("application/problem+json");
    }
    expect(await rpcRequestsServed(test, "order")).toBe(before);
  }, 60_000);

  it("ignores a forged X-Username: the token decides who the caller is", async () => {
    const { client } = test;
    const alice = await client.newUser("alice");
    const bob = await client.newUser("bob");
    expect((await client.deposit(bob.token, 5_000)).status).toBe(200);
    const bobsOrder = await client.createOrder(bob.token, 100);
    const orderId = (bobsOrder.body as { orderId: number }).orderId;

    const forged = { "X-Username": bob.username, "X-Roles": "admin" };
    const read = await client.request("GET", `/order/${orderId}`, { token: alice.token, headers: forged });
    expect(read.status).toBe(404);
    const account = await client.request<{ username: string }>("GET", "/account", { token: alice.token, headers: forged });
    expect(account.body.username).toBe(alice.username);
    const deposit = await client.request<{ username: string }>("POST", "/account/deposit", {
      token: alice.token,
      headers: { ...forged, "Idempotency-Key": "forged-deposit-1" },
      body: { amount: 1, currency: "EUR" },
    });
    expect(deposit.body.username).toBe(alice.username);
  }, 60_000);

  it("inner services refuse calls that do not come through the gateway", async () => {
    const port = test.system.services.get("order")!.ports.api;
    const direct = createOrderServiceClient(createNodeTransport({ baseUrl: `http://127.0.0.1:${port}` }), { retry: false });
    const error = await direct.getOrder({ orderId: 1n }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.Unauthenticated);
  });

  it("many reports with two moderation workers: each judged exactly once, by both workers between them", async () => {
    const { client } = test;
    const { token } = await client.newUser("reporter");
    const reportIds: string[] = [];
    for (let index = 0; index < 40; index++) {
      const response = await client.request<{ reportId: string; message: string }>("POST", "/reports", {
        token,
        body: {
          targetType: index % 2 ? "AD" : "USER",
          targetId: `target-${index}`,
          reason: index % 5 === 0 ? "spam everywhere" : "looks odd",
        },
      });
      expect(response.status).toBe(202);
      expect(response.body.message).toBe("your report is being processed");
      reportIds.push(response.body.reportId);
    }
    for (const reportId of reportIds) {
      const verdict = await eventually(
        async () => {
          const report = await client.request<{ status: string; verdict?: string }>("GET", `/reports/${reportId}`, { token });
          return report.body.status === "RESOLVED" ? report.body.verdict : undefined;
        },
        60_000,
        `report ${reportId}`,
      );
      expect(["BAN", "OK"]).toContain(verdict);
    }
    const db = openSqlite(join(test.system.config.dataDir, "moderation.sqlite"));
    try {
      const counts = await verdictCount(db);
      expect(counts.tasks).toBe(40);
      expect(Object.keys(counts.byWorker).sort()).toEqual(["moderation-1", "moderation-2"]);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe.each(["hybrid", "async"] as const)("ORDER_FLOW=%s with the payment service stopped mid-flow", (flow) => {
  const test = useTestSystem(own, flow);

  it("finishes the order once payment is back, charged exactly once", async () => {
    const { client, system } = test;
    const { token } = await client.newUser(`${flow}-outage`);
    expect((await client.deposit(token, 10_000)).status).toBe(200);
    await system.stopService("payment");
    const placing = client.createOrder(token, 4_000, "outage-order-1");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await system.startService("payment");
    const created = await placing;
    expect(created.status).toBe(201);
    const orderId = (created.body as { orderId: number }).orderId;
    const status = await eventually(
      async () => {
        const order = await client.request<{ status: string }>("GET", `/order/${orderId}`, { token });
        // Paid, and possibly already on its way (the delivery steps follow payment).
        return ["PAID", "SHIPPED", "DELIVERED"].includes(order.body.status) ? "PAID" : undefined;
      },
      45_000,
      "the order to be paid after the outage",
    );
    expect(status).toBe("PAID");
    const again = await client.createOrder(token, 4_000, "outage-order-1");
    expect((again.body as { orderId: number }).orderId).toBe(orderId);
    const account = await client.request<{ balance: number }>("GET", "/account", { token });
    expect(account.body.balance).toBe(6_000);
  }, 120_000);
});

describe("ORDER_FLOW=sync with the payment service stopped", () => {
  const logLines: Array<Record<string, unknown>> = [];
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const test = useTestSystem(own, "sync", { logDestination: logSink });

  it("fails fast with 503 and leaves no order; the same request succeeds once payment is back", async () => {
    const { client, system } = test;
    const { username, token } = await client.newUser("sync-outage");
    expect((await client.deposit(token, 10_000)).status).toBe(200);
    await system.stopService("payment");
    const started = Date.now();
    const failed = await client.createOrder(token, 4_000, "sync-outage-order-1");
    expect(failed.status).toBe(503);
    expect(failed.headers.get("content-type")).toContain("application/problem+json");
    expect(Date.now() - started).toBeLessThan(10_000);
    // The answer names what is unavailable and the trace, never the error's own text; the log line of that trace has the cause.
    const answer = failed.body as { detail: string; traceId: string };
    expect(Object.keys(answer).sort()).toEqual(["detail", "status", "title", "traceId", "type"]);
    expect(answer.detail).toBe("order service unavailable");
    expect(answer.traceId).toMatch(/^[0-9a-f]{32}$/);
    const logged = logLines.find((line) => line.service === "gateway" && line.traceId === answer.traceId);
    expect(logged).toMatchObject({ level: "error", msg: "order service unavailable", operationId: "createOrder" });
    expect((logged!.err as { message: string }).message).toMatch(/payment/i);
    const orders = openSqlite(join(system.config.dataDir, "order.sqlite"));
    try {
      expect(await orders.query("SELECT order_id FROM orders WHERE username = ?", [username])).toEqual([]);
    } finally {
      await orders.close();
    }
    await system.startService("payment");
    const created = await eventually(
      async () => {
        const response = await client.createOrder(token, 4_000, "sync-outage-order-1");
        return response.status === 201 ? response : undefined;
      },
      30_000,
      "the order to go through after payment is back",
    );
    expect((created.body as { status: string }).status).toBe("PAID");
    expect((await client.request<{ balance: number }>("GET", "/account", { token })).body.balance).toBe(6_000);
  }, 120_000);
});
