/**
 * What a handler that is not written yet throws. Not retriable: a Kafka consumer dead-letters the
 * message at once (reason `handler-failed`, replayable with `concord dlq replay` once the handler
 * is written) instead of retrying it for its whole budget; a REST router answers 501 through
 * `notImplementedAnswer`.
 */
import { ConcordError } from "../errors.js";
import { problem } from "../server/problem.js";
import type { ErrorAnswer } from "../server/router.js";

export class NotImplementedError extends ConcordError {
  override name = "NotImplementedError";

  /** `what`: the operation, e.g. `createOrder (POST /order)`. */
  constructor(readonly what: string) {
    super(`${what} is not implemented`, "NOT_IMPLEMENTED", false);
  }
}

/** For a REST router's `onError`: a 501 problem+json for a NotImplementedError, undefined for anything else. */
export function notImplementedAnswer(error: unknown): ErrorAnswer | undefined {
  return error instanceof NotImplementedError ? { problem: problem(501, error.message) } : undefined;
}
