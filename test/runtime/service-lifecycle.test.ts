/**
 * The runtime's service parts (/service) on real sockets: the health report and the ops endpoint,
 * an HTTP server that drains on close, the stop list's order and limits, SIGTERM handling in a
 * child process, NotImplementedError as a REST 501, and rpcMetrics plus the Connect server's
 * graceful close.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, describe, expect, it } from "vitest";
import { createRouter } from "../../runtime/src/server/index.js";
import { createNodeTransport, rpcMetrics } from "../../runtime/src/rpc/node.js";
import {
  createHealth,
  createLogger,
  createServiceMetrics,
  createStopList,
  NotImplementedError,
  notImplementedAnswer,
  serveHttp,
  serveOps,
  withHttpMetrics,
  restOperationOf,
  type RunningHttpServer,
} from "../../runtime/src/service/index.js";
import { isRetriable } from "../../runtime/src/index.js";
import { gatewayContract, type GatewayHandlers } from "../../generated/openapi/gateway/server/index.js";
import { createPaymentServiceClient } from "../../generated/proto/payment/v1/payment_service_client.js";
import { servePaymentService, type PaymentServiceHandler } from "../../generated/proto/payment/v1/payment_service_server.js";

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

describe("health and the ops endpoint", () => {
  it("is starting until ready, ok while every group runs and every check passes, stopping after stopping()", async () => {
    const health = createHealth({ checkTimeoutMs: 100 });
    const groups = [{ groupId: "g", running: true, crashes: 0 }];
    health.watch({ health: () => groups });
    let database: unknown = true;
    health.check("database", () => database);
    expect((await health.report()).status).toBe("starting");
    health.ready();
    expect(await health.report()).toEqual({ status: "ok", healthy: true, groups, checks: [{ name: "database", ok: true }] });
    groups[0] = { groupId: "g", running: false, crashes: 1, lastError: "KafkaJSConnectionError: gone" } as never;
    expect(await health.report()).toMatchObject({
      status: "failing",
      healthy: false,
      groups: [{ running: false, lastError: "KafkaJSConnectionError: gone" }],
    });
    groups[0] = { groupId: "g", running: true, crashes: 1 };
    database = () => undefined;
    health.check("slow", () => new Promise(() => {}));
    health.check("throws", () => {
      throw new Error("no connection");
    });
    expect((await health.report()).checks).toEqual([
      { name: "database", ok: true },
      { name: "slow", ok: false, error: "no answer within 100 ms" },
      { name: "throws", ok: false, error: "no connection" },
    ]);
    health.stopping();
    health.ready();
    expect((await health.report()).status).toBe("stopping");
  });

  it("serves /healthz (200 or 503 with the report) and /metrics, 404 elsewhere, on loopback", async () => {
    const health = createHealth();
    const metrics = createServiceMetrics({ service: "shop" });
    const ops = await serveOps({ health, metrics: metrics.registry });
    cleanup.push(() => ops.close());
    expect(ops.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const starting = await fetch(`${ops.url}/healthz`);
    expect(starting.status).toBe(503);
    expect(await starting.json()).toMatchObject({ status: "starting", healthy: false });
    health.ready();
    expect((await fetch(`${ops.url}/healthz`)).status).toBe(200);
    const scrape = await fetch(`${ops.url}/metrics`);
    expect(scrape.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await scrape.text()).toContain("# TYPE concord_requests_total counter");
    expect((await fetch(`${ops.url}/nope`)).status).toBe(404);
    expect((await fetch(`${ops.url}/healthz`, { method: "POST" })).status).toBe(405);
  });
});

describe("graceful stop", () => {
  it("an HTTP server's close lets a request in flight finish, refuses new connections, and cuts what outlives the grace", async () => {
    let release: () => void = () => {};
    const server = await serveHttp((req, res) => {
      if (req.url === "/slow") release = () => res.end("done");
      else if (req.url === "/forever") res.write("started");
      else res.end("quick");
    });
    const slow = get(server, "/slow");
    const forever = get(server, "/forever");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = server.close(400);
    await expect(get(server, "/quick")).rejects.toThrow();
    release();
    expect(await slow).toBe("done");
    await expect(forever).rejects.toThrow(); // cut when the grace ran out
    await closing;
  });

  it("a stop list stops last-started-first, bounds each step, keeps going after a failure and reports it once", async () => {
    const order: string[] = [];
    const errors: string[] = [];
    const parts = createStopList({ stepTimeoutMs: 100, onError: (error, step) => errors.push(`${step}: ${(error as Error).message}`) });
    parts.add("ops", () => order.push("ops"));
    parts.add("producer", async () => {
      order.push("producer");
      throw new Error("broker gone");
    });
    parts.add("consumer", () => new Promise(() => order.push("consumer")));
    parts.add("server", async () => order.push("server"));
    const first = parts.stop();
    expect(parts.stop()).toBe(first);
    await expect(first).rejects.toThrow("2 part(s) did not stop cleanly");
    expect(order).toEqual(["server", "consumer", "producer", "ops"]);
    expect(errors).toEqual(["consumer: consumer did not stop within 100 ms", "producer: broker gone"]);
  });

  it("stopOnSignals: SIGTERM runs the stop and exits 0; a second signal exits at once", async () => {
    const script = `
      import { stopOnSignals } from "@concordkit/runtime/service";
      stopOnSignals(() => new Promise((resolve) => setTimeout(resolve, process.argv[1] === "slow" ? 60_000 : 50)), { log: (line) => console.log(line) });
      console.log("ready");
      setInterval(() => {}, 1000);
    `;
    const run = async (mode: string, signals: number) => {
      const child = spawn(
        process.execPath,
        ["--conditions=@concordkit/source", "--import", "tsx", "--input-type=module", "-e", script, mode],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      const exited = once(child, "exit");
      await waitFor(() => out.includes("ready"));
      for (let i = 0; i < signals; i++) {
        child.kill("SIGTERM");
        await waitFor(() => out.includes("SIGTERM"));
      }
      const [code] = await exited;
      return { code, out };
    };
    expect(await run("fast", 1)).toEqual({ code: 0, out: "ready\nSIGTERM: stopping\nexiting (0)\n" });
    const twice = await run("slow", 2);
    expect(twice.code).toBe(1);
    expect(twice.out).toContain("SIGTERM again: exiting without waiting");
  }, 20_000);
});

describe("not-yet-written handlers", () => {
  it("NotImplementedError is not retriable (a consumer dead-letters at once) and answers a REST request with 501 problem+json", async () => {
    const error = new NotImplementedError("getOrder (GET /order/{orderId})");
    expect(error.message).toBe("getOrder (GET /order/{orderId}) is not implemented");
    expect(isRetriable(error)).toBe(false);
    expect(notImplementedAnswer(new Error("other"))).toBeUndefined();

    const metrics = createServiceMetrics({ processMetrics: false });
    const logged: string[] = [];
    const handlers: Pick<GatewayHandlers, "getOrder"> = {
      async getOrder() {
        throw error;
      },
    };
    const router = createRouter(gatewayContract, handlers, {
      onError: (e, operationId) => {
        const answer = notImplementedAnswer(e);
        if (!answer) logged.push(operationId);
        return answer;
      },
    });
    const server = await serveHttp(withHttpMetrics(metrics, router, restOperationOf(gatewayContract)));
    cleanup.push(() => server.close());
    const response = await fetch(`${server.url}/api/v1/order/7`, { headers: { authorization: "Bearer x" } });
    expect(response.status).toBe(501);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toEqual({ type: "about:blank", title: "Not Implemented", status: 501, detail: error.message });
    expect(logged).toEqual([]);
    // An operation with no handler at all gets the router's own 501.
    expect((await fetch(`${server.url}/api/v1/account`, { headers: { authorization: "Bearer x" } })).status).toBe(501);
    const text = await metrics.registry.metrics();
    expect(text).toContain('concord_requests_total{surface="http",operation="getOrder",code="501"} 1');
    expect(text).toContain('concord_requests_total{surface="http",operation="getAccount",code="501"} 1');
  });
});

describe("Connect: rpcMetrics and a graceful close", () => {
  it("counts calls by method and code (a stream when it ends), and close(grace) lets a call in flight finish", async () => {
    const metrics = createServiceMetrics({ processMetrics: false });
    let release: () => void = () => {};
    const handler = {
      async getBalance(request) {
        await new Promise<void>((resolve) => (release = resolve));
        return { username: request.username };
      },
      async createAccount() {
        throw new ConnectError("createAccount is not implemented", Code.Unimplemented);
      },
      async *watchPayment() {
        yield { paymentId: "p1" };
      },
    } as Partial<PaymentServiceHandler> as PaymentServiceHandler;
    const server = await servePaymentService(handler, { interceptors: [rpcMetrics(metrics)] });
    const client = createPaymentServiceClient(createNodeTransport({ baseUrl: server.url }));
    await expect(client.createAccount({ username: "ann" })).rejects.toMatchObject({ code: Code.Unimplemented });
    const events = [];
    for await (const event of client.watchPayment({ paymentId: "p1" })) events.push(event.paymentId);
    expect(events).toEqual(["p1"]);

    const inFlight = client.getBalance({ username: "ann" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = server.close(2_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await expect(inFlight).resolves.toMatchObject({ username: "ann" });
    await closing;

    const text = await metrics.registry.metrics();
    expect(text).toContain('concord_requests_total{surface="rpc",operation="CreateAccount",code="unimplemented"} 1');
    expect(text).toContain('concord_request_errors_total{surface="rpc",operation="CreateAccount",code="unimplemented"} 1');
    expect(text).toContain('concord_requests_total{surface="rpc",operation="WatchPayment",code="ok"} 1');
    expect(text).toContain('concord_requests_total{surface="rpc",operation="GetBalance",code="ok"} 1');
  });
});

describe("the JSON-lines logger", () => {
  it("writes one JSON object per entry at or above its level, errors with name, message and stack", () => {
    const lines: string[] = [];
    const log = createLogger("shop", { level: "info", write: (line) => lines.push(line) });
    log.debug("hidden");
    log.info("started", { port: 8080 });
    log.error("failed", { error: new TypeError("bad") });
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "info", service: "shop", msg: "started", port: 8080 });
    expect(JSON.parse(lines[1]!).error).toMatchObject({ name: "TypeError", message: "bad" });
    expect(lines.every((line) => line.endsWith("}\n"))).toBe(true);
  });
});

function get(server: RunningHttpServer, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve(body));
      res.on("error", reject);
      res.on("aborted", () => reject(new Error("aborted")));
    });
    req.on("error", reject);
    req.end();
  });
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
