/**
 * What the gateway answers when serving a request failed: an upstream outage is a 503 (504 on a
 * timeout) saying which service is unavailable, anything else a 500. Neither carries the error's
 * own text, which may be internal (an encoder's message, a host name); both carry the request's
 * trace id, and the log line written here with the same trace id carries the cause.
 */
import { currentTrace } from "@concordkit/runtime";
import type { ErrorAnswer } from "@concordkit/runtime/server";
import { problem } from "@concordkit/runtime/server";
import type { Logger } from "@concordkit/runtime/service";
import { UpstreamUnavailable } from "./request-scope.js";

export function errorAnswer(logger: Logger, error: unknown, operationId: string): ErrorAnswer {
  const traceId = currentTrace()?.traceId;
  if (error instanceof UpstreamUnavailable) {
    logger.error(error.message, { operationId, err: error.cause ?? error });
    return { problem: { ...problem(error.status, error.message), ...(traceId ? { traceId } : {}) }, headers: { "retry-after": "1" } };
  }
  logger.error("request failed", { operationId, err: error });
  return { problem: { ...problem(500, "the gateway could not serve the request"), ...(traceId ? { traceId } : {}) } };
}
