/**
 * The order service: the Connect OrderService (create and read orders; the hybrid flow creates
 * here and charges in the background, the sync flow runs the whole chain in the call) and the
 * Kafka side (async flow: orders.requests → order; every flow but sync: billing.payments → status).
 * In every flow a paid order is then shipped through the delivery service (delivery-follower.ts).
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { headerNames, tracedHandlers } from "@concordkit/runtime/kafka";
import { IDEMPOTENCY_KEY_HEADER } from "@concordkit/runtime/rpc";
import { orderServiceConsumerGroups, startOrderServiceConsumer } from "../../generated/asyncapi/order-service/consumer.js";
import { orderServiceTopics } from "../../generated/asyncapi/order-service/topics.js";
import { mountOrderService, type OrderServiceHandler } from "../../generated/proto/order/v1/order_service_server.js";
import { startMessaging } from "../shared/messaging/messaging.js";
import { serveInnerRpc } from "../shared/rpc.js";
import { orderRequestId } from "../shared/request-id.js";
import { runService, type ContextOptions, type RunningService, type ServiceContext } from "../shared/service.js";
import { startDeliveryFollower } from "./delivery-follower.js";
import { Orders } from "./orders.js";
import { startPaymentStarter, type PaymentStarter } from "./payment-starter.js";
import { toProtoOrder } from "./proto-order.js";
import { publishStatusUpdated, statusEvents } from "./status-events.js";
import { createOrderSchema, findOrder, type OrderRecord } from "./store.js";
import { placeOrderSync } from "./sync-flow.js";
import { createUpstreams, type Upstreams } from "./upstreams.js";

export function startOrderService(options: ContextOptions): Promise<RunningService> {
  return runService("order", options, start);
}

async function start(context: ServiceContext) {
  const { db, config, kafka, logger } = context;
  await createOrderSchema(db);
  const messaging = await startMessaging(context);
  const orders = new Orders(db, statusEvents(config.orderFlow));
  orders.events.on("changed", () => messaging.outbox.wake());
  const upstreams = createUpstreams(context);
  const starter = config.orderFlow === "hybrid" ? startPaymentStarter(db, orders, upstreams, logger, context.metrics) : undefined;
  const shipping = startDeliveryFollower({ db, orders, delivery: upstreams.delivery, logger, metrics: context.metrics });
  orders.events.on("changed", (order: OrderRecord) => {
    if (order.status === "PAID") shipping.wake();
  });

  const consumer = await startOrderServiceConsumer(
    kafka,
    tracedHandlers({
      async onOrderCreationRequested({ payload, messageId, headers }) {
        const idempotencyKey = headers[headerNames.idempotencyKey];
        await messaging.handleOnce(messageId, async (tx) => {
          const { order, created } = await orders.createIn(tx, {
            username: payload.username,
            items: payload.items,
            currency: payload.currency,
            deliveryAddress: payload.deliveryAddress,
            paymentMethod: payload.paymentMethod,
            requestId: payload.requestId,
            status: "PENDING_VALIDATION",
            ...(idempotencyKey ? { idempotencyKey } : {}),
          });
          // A repeated request (same idempotency key, new request id) gets the order's status again.
          if (!created) await publishStatusUpdated(tx, { ...order, requestId: payload.requestId }, undefined, order.status);
        });
        messaging.outbox.wake();
      },
      async onPaymentProcessed({ payload, messageId }) {
        await messaging.handleOnce(messageId, async (tx) => {
          const order = await findOrder(tx, { orderId: payload.orderId });
          if (!order || order.username !== payload.username) return; // not one of ours
          await orders.transitionIn(tx, order.orderId, ["NEW"], "PENDING_VALIDATION");
          await orders.transitionIn(tx, order.orderId, ["PENDING_VALIDATION"], payload.success ? "PAID" : "INSUFFICIENT_FUNDS");
        });
        messaging.outbox.wake();
        if (payload.success) shipping.wake();
      },
    }),
    messaging.consumerOptions(),
  );
  await messaging.joined(consumer, { groups: orderServiceConsumerGroups, topics: orderServiceTopics });

  const server = await serveInnerRpc(context, (router, options) =>
    mountOrderService(router, handler(context, orders, upstreams, starter), options),
  );
  return {
    ports: { api: server.port },
    async stop() {
      await server.close();
      await starter?.stop();
      await shipping.stop();
      await consumer.stop();
      await messaging.stop();
    },
  };
}

function handler(context: ServiceContext, orders: Orders, upstreams: Upstreams, starter: PaymentStarter | undefined): OrderServiceHandler {
  const { config, db, logger } = context;
  return {
    async createOrder(request, ctx) {
      const idempotencyKey = ctx.requestHeader.get(IDEMPOTENCY_KEY_HEADER) ?? undefined;
      if (request.items.length === 0) throw new ConnectError("an order needs at least one item", Code.InvalidArgument);
      if (request.currency !== config.currency) throw new ConnectError(`orders are paid in ${config.currency}`, Code.InvalidArgument);
      const command = {
        username: request.username,
        items: request.items.map((item) => ({ productId: item.productId, quantity: item.quantity, price: Number(item.price) })),
        currency: request.currency,
        deliveryAddress: request.deliveryAddress,
        paymentMethod: request.paymentMethod,
        requestId: idempotencyKey ? orderRequestId(request.username, idempotencyKey) : crypto.randomUUID(),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      };
      if (config.orderFlow === "sync") {
        return { order: toProtoOrder(await placeOrderSync({ db, orders, upstreams, logger }, command)) };
      }
      const { order } = await orders.create({ ...command, status: "NEW" });
      starter?.wake();
      return { order: toProtoOrder(order) };
    },
    async getOrder(request) {
      const order = await orders.find(Number(request.orderId));
      if (!order) throw new ConnectError(`no order ${request.orderId}`, Code.NotFound);
      return { order: toProtoOrder(order) };
    },
  };
}
