/**
 * Seed 004 at the gateway: `POST /order` publishes OrderCreationRequested and the HTTP request
 * waits until OrderStatusUpdated with its request id reports the outcome (PAID or
 * INSUFFICIENT_FUNDS), 30 s at most. Outcomes are cached by request id, so a repeated request
 * with the same idempotency key (same request id) is answered from the cache.
 */
import { nextTraceparent } from "@concordkit/runtime";
import type { RunningConsumer } from "@concordkit/runtime/kafka";
import type { OrderStatusUpdated } from "../../generated/asyncapi/channels/orders-status.js";
import { startGatewayConsumer } from "../../generated/asyncapi/gateway/consumer.js";
import { bindGatewayProducer } from "../../generated/asyncapi/gateway/producer.js";
import type { Messaging } from "../shared/messaging/messaging.js";
import type { ServiceContext } from "../shared/service.js";
import type { Order, OrderInput } from "./api-types.js";
import { orderRequestId } from "../shared/request-id.js";
import { UpstreamUnavailable } from "./request-scope.js";

export const asyncOrderTimeoutMs = 30_000;
const outcomes = new Set(["PAID", "INSUFFICIENT_FUNDS"]);

export interface AsyncOrders {
  place(username: string, input: OrderInput, idempotencyKey: string): Promise<Order>;
  stop(): Promise<void>;
}

export async function startAsyncOrders(
  context: ServiceContext,
  messaging: Messaging,
  timeoutMs = asyncOrderTimeoutMs,
): Promise<AsyncOrders> {
  const producer = bindGatewayProducer(messaging.producer);
  const cache = new Map<string, OrderStatusUpdated>();
  const waiters = new Map<string, Set<(update: OrderStatusUpdated) => void>>();

  const consumer: RunningConsumer = await startGatewayConsumer(
    context.kafka,
    {
      async onOrderStatusUpdated({ payload }) {
        if (!outcomes.has(payload.status)) return;
        cache.set(payload.requestId, payload);
        if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
        for (const resolve of waiters.get(payload.requestId) ?? []) resolve(payload);
      },
    },
    messaging.consumerOptions(),
  );
  await messaging.joined(consumer);

  function outcome(requestId: string): Promise<OrderStatusUpdated> {
    const cached = cache.get(requestId);
    if (cached) return Promise.resolve(cached);
    return new Promise((resolve, reject) => {
      const set = waiters.get(requestId) ?? new Set();
      waiters.set(requestId, set);
      const done = (update: OrderStatusUpdated) => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) waiters.delete(requestId);
        resolve(update);
      };
      const timer = setTimeout(() => {
        set.delete(done);
        if (set.size === 0) waiters.delete(requestId);
        reject(new UpstreamUnavailable(`no outcome for the order within ${timeoutMs} ms`, 504));
      }, timeoutMs);
      set.add(done);
    });
  }

  return {
    async place(username, input, idempotencyKey) {
      const requestId = orderRequestId(username, idempotencyKey);
      const waiting = outcome(requestId);
      // The wait may run out while the send is still retrying (broker away): observed here, thrown below.
      waiting.catch(() => undefined);
      if (!cache.has(requestId)) {
        const sent = producer
          .sendOrderCreationRequested(
            {
              requestId,
              username,
              items: input.items,
              deliveryAddress: "not given (the public API has no address yet)",
              paymentMethod: "balance",
              currency: input.currency,
              createdAt: Date.now(),
            },
            { idempotencyKey, correlationId: requestId, traceparent: nextTraceparent() },
          )
          .catch((error: unknown) => {
            throw new UpstreamUnavailable("the order request could not be queued", 503, { cause: error });
          });
        sent.catch(() => undefined);
        // A send still retrying against an absent broker is bounded by the outcome's wait (504).
        await Promise.race([sent, waiting]);
      }
      const update = await waiting;
      const metadata = update.metadata ?? {};
      return {
        orderId: update.orderId,
        username: update.username,
        items: input.items,
        amount:
          typeof metadata.amount === "number" ? metadata.amount : input.items.reduce((sum, item) => sum + item.price * item.quantity, 0),
        currency: input.currency,
        status: update.status,
        createdAt: typeof metadata.createdAt === "number" ? metadata.createdAt : update.updatedAt,
      };
    },
    stop: () => consumer.stop(),
  };
}
