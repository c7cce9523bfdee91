/**
 * The live order status the gateway streams to clients: it reads `order.status.changed` (the
 * seeds' pub/sub fan-out, keyed by order so each order's changes arrive in order), keeps each
 * change once in its store, and hands it to the open streams of that order. A stream replays the
 * stored changes first (all, or those after `Last-Event-ID`), then follows live ones.
 */
import { EventEmitter, on } from "node:events";
import { runConsumer, type RunningConsumer } from "@concordkit/runtime/kafka";
import { bindHandler } from "@concordkit/runtime/kafka";
import { orderStatusChangedMessage } from "../../generated/asyncapi/channels/order-status-changed.js";
import type { Messaging } from "../shared/messaging/messaging.js";
import type { ServiceContext } from "../shared/service.js";
import { recordStatusEvent, statusEventsOf, type StatusEvent } from "./store.js";

/** Statuses after which this system changes an order no more (a paid order goes on to delivery). */
const finalStatuses = new Set(["INSUFFICIENT_FUNDS", "DELIVERED", "CANCELLED"]);

export const statusFeedGroup = "gateway-status-stream";

export interface StatusFeed {
  /** The order's changes after `afterEventId`, then live ones, until a final status or `signal`. */
  follow(orderId: number, afterEventId: number, signal: AbortSignal): AsyncGenerator<StatusEvent>;
  stop(): Promise<void>;
}

export async function startStatusFeed(context: ServiceContext, messaging: Messaging): Promise<StatusFeed> {
  const { db, kafka } = context;
  const live = new EventEmitter();
  live.setMaxListeners(0);
  const options = messaging.consumerOptions();
  const consumer: RunningConsumer = await runConsumer(kafka, {
    ...options,
    groupId: options.groupId(statusFeedGroup),
    handlers: [
      bindHandler(orderStatusChangedMessage, async ({ payload }) => {
        const event = await recordStatusEvent(db, {
          orderId: payload.orderId,
          username: payload.username,
          status: payload.status,
          previousStatus: payload.previousStatus,
          occurredAt: payload.occurredAt,
        });
        if (event) live.emit(String(event.orderId), event);
      }),
    ],
  });
  await messaging.joined(consumer);

  async function* follow(orderId: number, afterEventId: number, signal: AbortSignal): AsyncGenerator<StatusEvent> {
    const stop = new AbortController();
    const changes = on(live, String(orderId), { signal: AbortSignal.any([signal, stop.signal]) });
    let last = afterEventId;
    try {
      for (const event of await statusEventsOf(db, orderId, afterEventId)) {
        last = event.eventId;
        yield event;
        if (finalStatuses.has(event.status)) return;
      }
      for await (const [event] of changes) {
        const change = event as StatusEvent;
        if (change.eventId <= last) continue;
        last = change.eventId;
        yield change;
        if (finalStatuses.has(change.status)) return;
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      stop.abort();
    }
  }

  return { follow, stop: () => consumer.stop() };
}
