/**
 * The notification service. Async and hybrid flows: a PAID status on `orders.status` → contact
 * data over `users.profile` request/reply → `notifications.requested` → the sender group delivers
 * it once (recorded by notification id) and publishes `notifications.sent`. Sync flow: the
 * Connect `Notify` call delivers and records at once. `ListNotifications` reads what was sent.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { IDEMPOTENCY_KEY_HEADER } from "@concordkit/runtime/rpc";
import { tracedHandlers } from "@concordkit/runtime/kafka";
import { notificationRequestedMessage } from "../../generated/asyncapi/channels/notifications-requested.js";
import { notificationSentMessage } from "../../generated/asyncapi/channels/notifications-sent.js";
import {
  notificationServiceConsumerGroups,
  startNotificationServiceConsumer,
} from "../../generated/asyncapi/notification-service/consumer.js";
import { createUserProfileRequester } from "../../generated/asyncapi/notification-service/requesters.js";
import { notificationServiceTopics } from "../../generated/asyncapi/notification-service/topics.js";
import { NotificationType } from "../../generated/proto/notification/v1/notification_pb.js";
import {
  mountNotificationService,
  type NotificationServiceHandler,
} from "../../generated/proto/notification/v1/notification_service_server.js";
import { enqueue, startMessaging, type Messaging } from "../shared/messaging/messaging.js";
import { serveInnerRpc } from "../shared/rpc.js";
import { runService, type ContextOptions, type RunningService, type ServiceContext } from "../shared/service.js";
import { listNotifications } from "./list-notifications.js";
import { simulateDelivery } from "./sender.js";
import { createNotificationSchema, recordSent, type Channel, type SentNotification } from "./store.js";

export function startNotificationService(options: ContextOptions): Promise<RunningService> {
  return runService("notification", options, start);
}

const channelOf: Record<NotificationType, Channel> = {
  [NotificationType.UNSPECIFIED]: "EMAIL",
  [NotificationType.EMAIL]: "EMAIL",
  [NotificationType.SMS]: "SMS",
  [NotificationType.PUSH]: "PUSH",
};

async function start(context: ServiceContext) {
  const { db, kafka, logger } = context;
  await createNotificationSchema(db);
  const messaging = await startMessaging(context);
  const profiles = await createUserProfileRequester(kafka, { producer: messaging.producer, timeoutMs: 10_000 });
  context.health.watch(profiles);

  const consumer = await startNotificationServiceConsumer(
    kafka,
    tracedHandlers({
      async onOrderStatusUpdated({ payload, messageId, signal }) {
        if (payload.status !== "PAID") return;
        const reply = await profiles.request({ requestId: `${payload.requestId}:${messageId}`, username: payload.username }, { signal });
        const email = reply.payload.found ? (reply.payload.email ?? "") : "";
        await messaging.handleOnce(messageId, (tx) =>
          enqueue(
            tx,
            notificationRequestedMessage,
            {
              notificationId: `order-${payload.orderId}-PAID`,
              requestId: payload.requestId,
              username: payload.username,
              type: "EMAIL",
              subject: `Order ${payload.orderId} is paid`,
              content: `Hello ${reply.payload.firstName ?? payload.username}, your order ${payload.orderId} is paid.`,
              metadata: { orderId: String(payload.orderId), recipient: email },
              scheduledAt: Date.now(),
            },
            { correlationId: payload.requestId },
          ),
        );
        messaging.outbox.wake();
      },
      async onOrderStatusChanged() {
        // Live status to clients is the gateway's stream (it reads order.status.changed itself).
      },
      async onNotificationRequested({ payload }) {
        const channel = payload.type;
        await deliverOnce(context, messaging, {
          notificationId: payload.notificationId,
          requestId: payload.requestId,
          username: payload.username,
          type: channel,
          subject: payload.subject,
          content: payload.content,
          recipient: payload.metadata?.recipient ?? "",
          sentAt: Date.now(),
        });
      },
    }),
    // The profile lookup is a round trip over Kafka: its budget outlasts a broker restart and
    // the groups' rejoin (each lookup waits at most 10 s, and never past the budget).
    { ...messaging.consumerOptions(), retry: { budgetMs: 120_000, initialDelayMs: 200, maxDelayMs: 5_000, multiplier: 2 } },
  );
  await messaging.joined(consumer, { groups: notificationServiceConsumerGroups, topics: notificationServiceTopics });

  const server = await serveInnerRpc(context, (router, options) => mountNotificationService(router, handler(context, messaging), options));
  logger.debug("notification consumers running", { groups: notificationServiceConsumerGroups });
  return {
    ports: { api: server.port },
    async stop() {
      await server.close();
      await consumer.stop();
      await profiles.stop();
      await messaging.stop();
    },
  };
}

/** Delivers the notification unless it was delivered before; records it and announces it in one transaction. */
async function deliverOnce(context: ServiceContext, messaging: Messaging, notification: SentNotification): Promise<boolean> {
  const { db, logger, config } = context;
  const [done] = await db.query("SELECT 1 AS done FROM sent_notifications WHERE notification_id = ?", [notification.notificationId]);
  if (done) return false;
  await simulateDelivery(logger, notification.type, notification.recipient, notification.subject, config.notifyDelayMs);
  const recorded = await db.transaction(async (tx) => {
    if (!(await recordSent(tx, notification))) return false;
    await enqueue(
      tx,
      notificationSentMessage,
      {
        notificationId: notification.notificationId,
        requestId: notification.requestId,
        username: notification.username,
        type: notification.type,
        sentAt: notification.sentAt,
      },
      { correlationId: notification.requestId },
    );
    return true;
  });
  messaging.outbox.wake();
  return recorded;
}

function handler(context: ServiceContext, messaging: Messaging): NotificationServiceHandler {
  return {
    listNotifications: listNotifications(context.db),
    async notify(request, ctx) {
      const key = ctx.requestHeader.get(IDEMPOTENCY_KEY_HEADER);
      if (!key) throw new ConnectError("notify needs an idempotency key", Code.InvalidArgument);
      const notificationId = `${request.username}:${key}`;
      await deliverOnce(context, messaging, {
        notificationId,
        requestId: request.requestId,
        username: request.username,
        type: channelOf[request.type],
        subject: request.subject,
        content: request.content,
        recipient: request.metadata.email ?? "",
        sentAt: Date.now(),
      });
      return { notificationId };
    },
  };
}
