import type { ServerResponse } from "node:http";
import type { Http2ServerResponse } from "node:http2";
import type { ResponseHeaders } from "./operation.js";
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from "./problem.js";
import { isJsonMediaType, mediaType } from "./read-body.js";

export type ServerResponseLike = ServerResponse | Http2ServerResponse;

/** Writes a complete response; a JSON media type (or none given with a body) gets JSON. */
export function sendBody(
  response: ServerResponseLike,
  status: number,
  body: unknown,
  contentType: string | undefined,
  headers: ResponseHeaders = {},
): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  setHeaders(response, headers);
  if (body === undefined || status === 204 || status === 304) {
    response.statusCode = status;
    response.end();
    return;
  }
  const type = contentType ?? (typeof body === "string" ? "text/plain; charset=utf-8" : "application/json");
  const payload = isBinary(body) ? body : typeof body === "string" && !isJsonMediaType(mediaType(type)) ? body : JSON.stringify(body);
  response.statusCode = status;
  response.setHeader("content-type", type);
  response.setHeader("content-length", String(Buffer.byteLength(payload)));
  response.end(payload);
}

export function sendProblem(response: ServerResponseLike, problem: ProblemDetails, headers: ResponseHeaders = {}): void {
  sendBody(response, problem.status, problem, PROBLEM_CONTENT_TYPE, headers);
}

/** Sets each of the operation's response headers; numbers are written as decimal strings. */
export function setHeaders(response: ServerResponseLike, headers: ResponseHeaders): void {
  for (const [name, value] of Object.entries(headers)) {
    response.setHeader(name, typeof value === "number" ? String(value) : (value as string | string[]));
  }
}

function isBinary(body: unknown): body is Uint8Array {
  return body instanceof Uint8Array;
}
