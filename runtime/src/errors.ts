/**
 * The root of every error the runtime raises at run time. `retriable` tells the one retry
 * policy (./retry.ts) whether trying again can help; each surface (SDK, RPC, Kafka) subclasses it.
 */
export class ConcordError extends Error {
  override name = "ConcordError";

  constructor(
    message: string,
    readonly code: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isRetriable(error: unknown): boolean {
  return error instanceof ConcordError && error.retriable;
}
