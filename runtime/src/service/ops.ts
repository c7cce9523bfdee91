/**
 * The operations endpoint of a service, on its own port so Connect (HTTP/2) and REST services
 * expose it alike: `GET /healthz` (200 while healthy, 503 otherwise, the report as JSON) and
 * `GET /metrics` (Prometheus text).
 */
import type { Health } from "./health.js";
import { serveHttp, type HttpServerOptions, type RunningHttpServer } from "./http.js";
import type { MetricsSource } from "./metrics.js";

export interface OpsOptions extends HttpServerOptions {
  health: Health;
  /** This runtime's registry, or a prom-client `Registry`. */
  metrics?: MetricsSource;
}

export function serveOps(options: OpsOptions): Promise<RunningHttpServer> {
  const { health, metrics } = options;
  return serveHttp((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed\n");
      return;
    }
    if (path === "/healthz") {
      health.report().then(
        (report) =>
          response
            .writeHead(report.healthy ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" })
            .end(`${JSON.stringify(report)}\n`),
        (error: unknown) => response.writeHead(500, { "content-type": "text/plain" }).end(`${String(error)}\n`),
      );
      return;
    }
    if (path === "/metrics" && metrics) {
      metrics.metrics().then(
        (text) => response.writeHead(200, { "content-type": metrics.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { "content-type": "text/plain" }).end(`${String(error)}\n`),
      );
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  }, options);
}
