import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServiceMetrics } from "./metrics.js";

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Wraps a node:http request listener so every response is counted by route and status, errors
 * (status ≥ 400) by code, and its latency lands in the histogram. `routeOf` maps a request to a
 * low-cardinality name (the operation id), never the raw URL.
 */
export function withHttpMetrics(metrics: ServiceMetrics, routeOf: (request: IncomingMessage) => string, listener: Listener): Listener {
  return (request, response) => {
    const operation = routeOf(request);
    const stop = metrics.latency.startTimer({ surface: "http", operation });
    response.once("finish", () => {
      stop();
      const code = String(response.statusCode);
      metrics.requests.inc({ surface: "http", operation, code });
      if (response.statusCode >= 400) metrics.errors.inc({ surface: "http", operation, code });
    });
    listener(request, response);
  };
}
