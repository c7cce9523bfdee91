import { ConcordError } from "./errors.js";

/** A library a runtime entry needs that the project has not installed: the install line is the whole message. */
export class MissingPeerError extends ConcordError {
  override name = "MissingPeerError";

  constructor(
    readonly peer: string,
    readonly range: string,
    readonly entry: string,
  ) {
    super(
      `${entry} needs the package ${peer} (${range}), which is not installed. Run: npm install ${peer}@"${range}"`,
      "missing_peer",
      false,
    );
    // A setup error, not a bug: an uncaught one prints this line, not a stack trace.
    this.stack = `${this.name}: ${this.message}`;
  }
}
