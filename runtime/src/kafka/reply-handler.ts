/**
 * The responder's half of request/reply as a handler: what a generated consumer binds to a
 * `receive` operation that has a `reply`.
 */
import { childTraceparent } from "./headers.js";
import type { ConcordProducer } from "./producer.js";
import type { MessageHandler, MessageSpec, ReceivedMessage } from "./types.js";

/** A reply's message, or its messages when the contract lists several (on one reply topic). */
export type ReplySpecs<Reply> = MessageSpec<Reply> | readonly MessageSpec<Reply>[];

export function replySpecList<Reply>(reply: ReplySpecs<Reply>): readonly MessageSpec<Reply>[] {
  return Array.isArray(reply) ? reply : [reply as MessageSpec<Reply>];
}

/**
 * A handler that sends what `answer` returns as `reply`, carrying the request's correlation id
 * (or, without one, its message id) and a child of its trace. A thrown error, or a failed send,
 * follows the consumer's retry and dead-letter rules like any handler's. A reply of several
 * messages lists their specs: the answer goes as the first whose validator accepts it.
 */
export function replyWith<Request, Reply>(
  producer: ConcordProducer,
  reply: ReplySpecs<Reply>,
  answer: (request: ReceivedMessage<Request>) => Promise<Reply>,
): MessageHandler<Request> {
  const specs = replySpecList(reply);
  return async (request) => {
    const payload = await answer(request);
    const spec = specs.find((candidate) => candidate.validate(payload).valid) ?? specs[0]!;
    // The chosen spec validates again on send: an answer no spec accepts fails there, with that spec's violations.
    await producer.send(spec, payload, {
      correlationId: request.correlationId ?? request.messageId,
      traceparent: childTraceparent(request.traceparent),
    });
  };
}
