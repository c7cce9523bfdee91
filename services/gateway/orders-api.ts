/** `createOrder`, `getOrder` and `streamOrderStatus`: the order flow the gateway was started with, and the live status. */
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { IDEMPOTENCY_KEY_HEADER } from "@concordkit/runtime/rpc";
import { problem } from "@concordkit/runtime/server";
import type { CreateOrderHandler, GetOrderHandler, StreamOrderStatusHandler } from "../../generated/openapi/gateway/server/handlers.js";
import { OrderStatus as ProtoStatus, type Order as ProtoOrder } from "../../generated/proto/order/v1/order_pb.js";
import type { ServiceConfig } from "../shared/config.js";
import { restCurrency, type Order, type OrderStatus } from "./api-types.js";
import type { AsyncOrders } from "./async-orders.js";
import type { StatusFeed } from "./status-feed.js";
import { upstreamProblem, type ProblemResult } from "./upstream-errors.js";
import type { GatewayUpstreams } from "./upstreams.js";

const restStatus: Record<ProtoStatus, OrderStatus> = {
  [ProtoStatus.UNSPECIFIED]: "NEW",
  [ProtoStatus.NEW]: "NEW",
  [ProtoStatus.PENDING_VALIDATION]: "PENDING_VALIDATION",
  [ProtoStatus.PAID]: "PAID",
  [ProtoStatus.INSUFFICIENT_FUNDS]: "INSUFFICIENT_FUNDS",
  [ProtoStatus.SHIPPED]: "SHIPPED",
  [ProtoStatus.DELIVERED]: "DELIVERED",
  [ProtoStatus.CANCELLED]: "CANCELLED",
};

export function toRestOrder(order: ProtoOrder): Order {
  return {
    orderId: Number(order.orderId),
    username: order.username,
    items: order.items.map((item) => ({ productId: item.productId, quantity: item.quantity, price: Number(item.price) })),
    amount: Number(order.totalAmount),
    currency: restCurrency(order.currency),
    status: restStatus[order.status],
    createdAt: order.createdAt ? timestampMs(order.createdAt) : 0,
  };
}

export interface OrdersApi {
  createOrder: CreateOrderHandler;
  getOrder: GetOrderHandler;
  streamOrderStatus: StreamOrderStatusHandler;
}

export function ordersApi(
  config: ServiceConfig,
  basePath: string,
  upstreams: GatewayUpstreams,
  feed: StatusFeed,
  asyncOrders: AsyncOrders | undefined,
): OrdersApi {
  const location = (order: Order) => `${basePath}/order/${order.orderId}`;

  /** The order, if it exists and belongs to `username`; a problem result otherwise. */
  async function ownOrder(orderId: number, username: string): Promise<{ order: ProtoOrder } | ProblemResult> {
    try {
      const { order } = await upstreams.order.getOrder({ orderId: BigInt(orderId) });
      if (!order || order.username !== username) return { status: 404 as const, body: problem(404, `no order ${orderId}`) };
      return { order };
    } catch (error) {
      return upstreamProblem(error, "order");
    }
  }

  return {
    async createOrder({ body, headers, context }) {
      const username = context.principal!.subject;
      const idempotencyKey = headers["Idempotency-Key"];
      if (body.currency !== config.currency) return { status: 400, body: problem(400, `orders are paid in ${config.currency}`) };
      if (asyncOrders) {
        const order = await asyncOrders.place(username, body, idempotencyKey);
        return { status: 201, body: order, headers: { Location: location(order) } };
      }
      try {
        const { order } = await upstreams.order.createOrder(
          {
            username,
            items: body.items.map((item) => ({ productId: item.productId, quantity: item.quantity, price: BigInt(item.price) })),
            currency: body.currency,
            deliveryAddress: "not given (the public API has no address yet)",
            paymentMethod: "balance",
          },
          { headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } },
        );
        const created = toRestOrder(order!);
        return { status: 201, body: created, headers: { Location: location(created) } };
      } catch (error) {
        const failure = upstreamProblem(error, "order");
        return failure.status === 404 ? { status: 400, body: failure.body } : failure;
      }
    },

    async getOrder({ path, context }) {
      const found = await ownOrder(path.orderId, context.principal!.subject);
      if ("order" in found) return { status: 200, body: toRestOrder(found.order) };
      return found.status === 409 ? { status: 400, body: found.body } : found;
    },

    async streamOrderStatus({ path, headers, context }) {
      const found = await ownOrder(path.orderId, context.principal!.subject);
      if (!("order" in found)) return found.status === 409 ? { status: 400, body: found.body } : found;
      const after = Number(headers["Last-Event-ID"] ?? 0) || 0;
      return {
        status: 200,
        async stream(writer) {
          for await (const event of feed.follow(path.orderId, after, writer.signal)) {
            await writer.send({
              id: String(event.eventId),
              event: "OrderStatusChanged",
              data: {
                orderId: event.orderId,
                status: event.status as OrderStatus,
                ...(event.previousStatus ? { previousStatus: event.previousStatus as OrderStatus } : {}),
                occurredAt: event.occurredAt,
              },
            });
          }
        },
      };
    },
  };
}
