/**
 * The errors the Kafka runtime raises. All extend ConcordError (../errors.ts), so the one retry
 * policy can tell from `retriable` whether trying again may help.
 */
import { ConcordError } from "../errors.js";

/** A payload that does not match its contract: never sent, and never handed to a handler. */
export class MessageValidationError extends ConcordError {
  override name = "MessageValidationError";

  constructor(
    readonly messageName: string,
    readonly problems: readonly string[],
  ) {
    super(`${messageName} does not match its contract: ${problems.join("; ")}`, "INVALID_MESSAGE", false);
  }
}

/** A record whose value is not JSON, or that matches no message the consumer handles. */
export class UndecodableMessageError extends ConcordError {
  override name = "UndecodableMessageError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, "UNDECODABLE_MESSAGE", false, options);
  }
}

/** No reply arrived within the requester's timeout. Retriable: the responder may only be slow. */
export class RequestTimeoutError extends ConcordError {
  override name = "RequestTimeoutError";

  constructor(
    readonly requestName: string,
    readonly correlationId: string,
    readonly timeoutMs: number,
  ) {
    super(`no reply to ${requestName} (correlation id ${correlationId}) within ${timeoutMs} ms`, "REQUEST_TIMEOUT", true);
  }
}

/** The requester or a consumer was stopped while work was still waiting on it. */
export class StoppedError extends ConcordError {
  override name = "StoppedError";

  constructor(what: string) {
    super(`${what} was stopped`, "STOPPED", false);
  }
}

/** Whether a kafkajs error says trying again may help (leader elections, metadata not yet propagated). */
export function isRetriableKafkaError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { retriable?: unknown }).retriable === true;
}

/** A record's handler budget ran out: its attempts, and the waits between them, took too long. */
export class HandlerBudgetExceededError extends ConcordError {
  override name = "HandlerBudgetExceededError";

  constructor(
    readonly budgetMs: number,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(
      `the handler budget of ${budgetMs} ms ran out after ${attempts} attempt(s)${causeText(options?.cause)}`,
      "HANDLER_BUDGET_EXCEEDED",
      false,
      options,
    );
  }
}

/** The consumer lost the partition of the record in hand (a rebalance gave it away): its next owner handles it. */
export class PartitionLostError extends ConcordError {
  override name = "PartitionLostError";

  constructor(topic: string, partition: number) {
    super(`partition ${partition} of ${topic} was taken away by a rebalance`, "PARTITION_LOST", false);
  }
}

function causeText(cause: unknown): string {
  return cause === undefined ? "" : `; last error: ${errorLine(cause)}`;
}

/** `Name: message` of an error (anything thrown), for logs, health and headers. */
export function errorLine(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
