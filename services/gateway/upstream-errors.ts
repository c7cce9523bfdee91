import { Code, ConnectError } from "@connectrpc/connect";
import { problem } from "@concordkit/runtime/server";
import { UpstreamUnavailable } from "./request-scope.js";

const unavailable = new Set([
  Code.Unavailable,
  Code.DeadlineExceeded,
  Code.ResourceExhausted,
  Code.Internal,
  Code.Unknown,
  Code.Unauthenticated,
]);

/**
 * What an inner call's failure means to the client: a 400 or 404 problem for the caller's own
 * mistakes (409 for a state the request cannot change: a taken name, a balance at its limit), an UpstreamUnavailable (→ 503/504) for the system's; anything else is rethrown.
 */
type ProblemBody = ReturnType<typeof problem>;
export type ProblemResult = { status: 400; body: ProblemBody } | { status: 404; body: ProblemBody } | { status: 409; body: ProblemBody };

export function upstreamProblem(error: unknown, upstream: string): ProblemResult {
  if (!(error instanceof ConnectError)) throw error;
  if (error.code === Code.InvalidArgument || error.code === Code.FailedPrecondition) {
    return { status: 400, body: problem(400, error.rawMessage) };
  }
  if (error.code === Code.NotFound) return { status: 404, body: problem(404, error.rawMessage) };
  if (error.code === Code.AlreadyExists || error.code === Code.OutOfRange) return { status: 409, body: problem(409, error.rawMessage) };
  if (unavailable.has(error.code)) {
    // The upstream's own message stays in the cause (logged with the trace id), out of the answer.
    throw new UpstreamUnavailable(`${upstream} service unavailable`, error.code === Code.DeadlineExceeded ? 504 : 503, { cause: error });
  }
  throw error;
}
