/**
 * Measures the server stubs: generation time of the gateway's and GitHub's stubs, and requests per
 * second through the generated gateway router on 127.0.0.1 (valid requests and requests the router
 * rejects with 400). Not a test; run with `npx tsx test/openapi/server-measure.ts`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { loadOpenApiFile } from "../../generator/src/openapi/load.js";
import { emitServerStubs } from "../../generator/src/openapi/server/emit-server.js";
import { createGatewayRouter } from "../../generated/openapi/gateway/server/index.js";
import { createGatewayApp } from "./server-gateway-app.js";

const REQUESTS = 3000;
const CONCURRENCY = 16;

async function generation(file: string, label: string): Promise<void> {
  const model = await loadOpenApiFile(file);
  for (const responseValidators of [true, false]) {
    const started = performance.now();
    const files = emitServerStubs(model, { responseSchemas: responseValidators });
    const ms = performance.now() - started;
    const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0);
    const kind = responseValidators ? "with response schemas" : "without response schemas";
    console.log(`${label}: ${model.operations.length} operations, ${kind}: ${ms.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KiB`);
  }
}

async function throughput(): Promise<void> {
  const app = createGatewayApp();
  const listener = createGatewayRouter(app.handlers, { authenticate: app.authenticate });
  const server = createServer((request, response) => void listener(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const headers = { authorization: "Bearer token-alice", "content-type": "application/json" };
  const valid = JSON.stringify({ items: [{ productId: "p-1", quantity: 2, price: 1250 }], currency: "EUR" });
  const invalid = JSON.stringify({ items: [{ productId: "", quantity: 0 }], currency: "euro" });
  for (const [label, body, status] of [
    ["valid POST /order", valid, 201],
    ["invalid POST /order", invalid, 400],
  ] as const) {
    let next = 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < REQUESTS) {
        const i = next++;
        const response = await fetch(`${base}/order`, {
          method: "POST",
          headers: { ...headers, "idempotency-key": `${label}-${i}-key` },
          body,
        });
        await response.arrayBuffer();
        if (response.status !== status) throw new Error(`${label}: got ${response.status}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    console.log(`${label}: ${REQUESTS} requests, ${CONCURRENCY} concurrent: ${(REQUESTS / seconds).toFixed(0)} req/s`);
  }
  server.closeAllConnections();
  server.close();
}

const root = join(dirname(new URL(import.meta.url).pathname), "../..");
await generation(join(root, "contracts/openapi/gateway.yaml"), "gateway.yaml");
const github = join(dirname(createRequire(import.meta.url).resolve("@octokit/openapi/package.json")), "generated/api.github.com.json");
await generation(github, "GitHub api.github.com.json");
await throughput();
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
