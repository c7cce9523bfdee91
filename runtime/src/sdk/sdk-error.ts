import { ConcordError } from "../errors.js";

/** Why a call produced no HTTP response: the SDK's only thrown error. Statuses come back as results. */
export type SdkErrorCode = "timeout" | "network" | "aborted" | "status";

/**
 * A call that got no usable response. `timeout` and `network` are retriable (the retry policy
 * already tried them when the operation allowed it); `aborted` means the caller's signal fired;
 * `status` is a stream that the server refused for good.
 */
export class SdkError extends ConcordError {
  override name = "SdkError";

  constructor(
    message: string,
    override readonly code: SdkErrorCode,
    retriable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, code, retriable, options);
  }
}
