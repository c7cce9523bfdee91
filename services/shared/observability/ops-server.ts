/**
 * The operations endpoint of a service: `GET /metrics` (Prometheus text) and `GET /healthz`
 * (200 while every consumer group of the process runs, 503 naming those that do not).
 * Kept off the service's API port so a Connect (HTTP/2) service and a REST gateway expose it alike.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HealthChecks } from "./health.js";
import type { ServiceMetrics } from "./metrics.js";

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startOpsServer(metrics: ServiceMetrics, health: HealthChecks, host: string, port = 0): Promise<OpsServer> {
  const server = createServer((request, response) => {
    if (request.method === "GET" && request.url === "/metrics") {
      metrics.registry.metrics().then(
        (text) => response.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { "content-type": "text/plain" }).end(String(error)),
      );
      return;
    }
    if (request.method === "GET" && request.url === "/healthz") {
      const report = health.report();
      response.writeHead(report.healthy ? 200 : 503, { "content-type": "application/json" }).end(`${JSON.stringify(report)}\n`);
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
  await listen(server, host, port);
  return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}

export function listen(server: Server | import("node:http2").Http2Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** Closes the server and the idle and streaming connections it still holds (SSE streams never end by themselves). */
export function closeServer(server: Server | import("node:http2").Http2Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ("closeAllConnections" in server) server.closeAllConnections();
  });
}
