/**
 * The responder's half of request/reply as a handler: what a generated consumer binds to a
 * `receive` operation that has a `reply`.
 */
import { childTraceparent } from "./headers.js";
import type { ConcordProducer } from "./producer.js";
import type { MessageHandler, MessageSpec, ReceivedMessage } from "./types.js";

/**
 * A handler that sends what `answer` returns as `reply`, carrying the request's correlation id
 * (or, without one, its message id) and a child of its trace. A thrown error, or a failed send,
 * follows the consumer's retry and dead-letter rules like any handler's.
 */
export function replyWith<Request, Reply>(
  producer: ConcordProducer,
  reply: MessageSpec<Reply>,
  answer: (request: ReceivedMessage<Request>) => Promise<Reply>,
): MessageHandler<Request> {
  return async (request) => {
    await producer.send(reply, await answer(request), {
      correlationId: request.correlationId ?? request.messageId,
      traceparent: childTraceparent(request.traceparent),
    });
  };
}
