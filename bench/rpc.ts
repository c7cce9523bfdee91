/**
 * What the generated Connect layer costs: unary calls per second and p50/p99 latency of the
 * generated client → generated server (deadline, retry, breaker, traceparent, idempotency-key
 * check, trace context on the server), against a bare @connectrpc/connect client → bare router
 * serving the same handler, both over HTTP/2 on 127.0.0.1, in the same process and run.
 *
 *   npx tsx bench/rpc.ts [--calls 20000] [--concurrency 32] [--batch 500] [--memory]
 *
 * `--memory` swaps HTTP/2 for Connect's in-memory router transport on both sides, which leaves
 * only the code the layers run: the least noisy view of what the generated layer costs.
 *
 * The two setups take turns in batches of `--batch` calls (which goes first alternates), so
 * drift in machine load hits both alike; throughput is calls over the summed batch times and
 * the percentiles are over every call's latency. Bounded by count and by a 120 s budget.
 */
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { createClient, createRouterTransport, type Client } from "@connectrpc/connect";
import { connectNodeAdapter, createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { PaymentService } from "../generated/proto/payment/v1/payment_pb.js";
import { createPaymentServiceClient } from "../generated/proto/payment/v1/payment_service_client.js";
import {
  mountPaymentService,
  servePaymentService,
  type PaymentServiceHandler,
} from "../generated/proto/payment/v1/payment_service_server.js";
import { createNodeTransport } from "../runtime/src/rpc/node-transport.js";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "32" },
    batch: { type: "string", default: "500" },
    memory: { type: "boolean", default: false },
  },
});
const CALLS = Number(values.calls);
const CONCURRENCY = Number(values.concurrency);
const BATCH = Number(values.batch);
const BUDGET_MS = 120_000;

/** The one handler both servers run: a balance lookup with no I/O, so the layers are what is measured. */
const handler: PaymentServiceHandler = {
  getBalance: async (request) => ({ username: request.username, balance: { amount: 1_000n, currency: "EUR" } }),
  charge: async () => ({}),
  async *watchPayment() {},
  createAccount: async () => ({}),
  deposit: async () => ({}),
};

type BalanceClient = Pick<Client<typeof PaymentService>, "getBalance">;

interface Sample {
  callsPerSecond: number;
  p50: number;
  p99: number;
  cpuMicrosPerCall: number;
}

/** Latencies of every call a setup made, and the time its batches took in all. */
class Recorder {
  readonly latencies: number[] = [];
  elapsedMs = 0;
  /** CPU time of this process (client and server both live in it), user + system, in µs. */
  cpuMicros = 0;

  async batch(client: BalanceClient, calls: number): Promise<void> {
    let next = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next++ < calls) {
        const t0 = performance.now();
        await client.getBalance({ username: "alice" });
        this.latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, calls) }, worker));
    this.elapsedMs += performance.now() - started;
    const used = process.cpuUsage(cpu);
    this.cpuMicros += used.user + used.system;
  }

  sample(): Sample {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
    return {
      callsPerSecond: (sorted.length / this.elapsedMs) * 1000,
      p50: pct(0.5),
      p99: pct(0.99),
      cpuMicrosPerCall: this.cpuMicros / sorted.length,
    };
  }
}

async function startBare(): Promise<{ client: BalanceClient; close: () => Promise<void> }> {
  const server = http2.createServer(connectNodeAdapter({ routes: (router) => router.service(PaymentService, handler) }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sessionManager = new Http2SessionManager(baseUrl);
  const client = createClient(PaymentService, createConnectTransport({ baseUrl, httpVersion: "2", sessionManager }));
  return {
    client,
    close: () =>
      new Promise((resolve) => {
        sessionManager.abort();
        server.close(() => resolve());
      }),
  };
}

async function startGenerated(): Promise<{ client: BalanceClient; close: () => Promise<void> }> {
  const server = await servePaymentService(handler);
  const client = createPaymentServiceClient(createNodeTransport({ baseUrl: server.url }));
  return { client, close: () => server.close() };
}

/** Both setups over Connect's in-memory transport: no sockets, only the layers' own work. */
function inMemory(): {
  bare: { client: BalanceClient; close: () => Promise<void> };
  generated: { client: BalanceClient; close: () => Promise<void> };
} {
  const done = async () => {};
  const bare = createClient(
    PaymentService,
    createRouterTransport((router) => router.service(PaymentService, handler)),
  );
  const generated = createPaymentServiceClient(createRouterTransport((router) => mountPaymentService(router, handler)));
  return { bare: { client: bare, close: done }, generated: { client: generated, close: done } };
}

async function main(): Promise<void> {
  const setups = values.memory ? inMemory() : { bare: await startBare(), generated: await startGenerated() };
  const { bare, generated } = setups;
  const deadline = Date.now() + BUDGET_MS;
  await new Recorder().batch(bare.client, Math.min(2_000, CALLS)); // warm-up: JIT, HTTP/2 sessions
  await new Recorder().batch(generated.client, Math.min(2_000, CALLS));
  const results = { bare: new Recorder(), generated: new Recorder() };
  for (let done = 0, turn = 0; done < CALLS && Date.now() < deadline; done += BATCH, turn++) {
    const calls = Math.min(BATCH, CALLS - done);
    const order = turn % 2 === 0 ? (["bare", "generated"] as const) : (["generated", "bare"] as const);
    for (const name of order) await results[name].batch(name === "bare" ? bare.client : generated.client, calls);
  }
  await Promise.all([bare.close(), generated.close()]);

  const b = results.bare.sample();
  const g = results.generated.sample();
  const row = (name: string, s: Sample) =>
    `${name.padEnd(26)} ${s.callsPerSecond.toFixed(0).padStart(8)} ${s.p50.toFixed(3).padStart(9)} ${s.p99.toFixed(3).padStart(9)} ${s.cpuMicrosPerCall.toFixed(0).padStart(12)}`;
  console.log(
    `node ${process.version}, ${results.bare.latencies.length} unary calls per setup in batches of ${BATCH}, concurrency ${CONCURRENCY}, ${values.memory ? "in-memory router transport" : "HTTP/2, Connect binary"}`,
  );
  console.log(`${"".padEnd(26)} ${"calls/s".padStart(8)} ${"p50 ms".padStart(9)} ${"p99 ms".padStart(9)} ${"CPU µs/call".padStart(12)}`);
  console.log(row("bare connect → router", b));
  console.log(row("generated → generated", g));
  const throughputCost = (1 - g.callsPerSecond / b.callsPerSecond) * 100;
  const p99Added = (g.p99 / b.p99 - 1) * 100;
  console.log(
    `throughput ratio generated/bare: ${(g.callsPerSecond / b.callsPerSecond).toFixed(3)} (cost ${throughputCost.toFixed(1)}%, target ≤ 10%)`,
  );
  console.log(
    `CPU per call generated/bare: ${(g.cpuMicrosPerCall / b.cpuMicrosPerCall).toFixed(3)} (client and server in this process; the least load-sensitive figure)`,
  );
  console.log(`p99 ratio generated/bare: ${(g.p99 / b.p99).toFixed(3)} (added ${p99Added.toFixed(1)}%, target ≤ 10%)`);
}

await main();
