/** The generated clients the gateway calls inner services with: internal secret, caller identity, retry metrics. */
import {
  createNotificationServiceClient,
  type NotificationServiceClient,
} from "../../generated/proto/notification/v1/notification_service_client.js";
import { createOrderServiceClient, type OrderServiceClient } from "../../generated/proto/order/v1/order_service_client.js";
import { createPaymentServiceClient, type PaymentServiceClient } from "../../generated/proto/payment/v1/payment_service_client.js";
import { createUserServiceClient, type UserServiceClient } from "../../generated/proto/user/v1/user_service_client.js";
import { innerClientOptions, innerTransport } from "../shared/rpc.js";
import type { ServiceContext } from "../shared/service.js";
import { forwardIdentityInterceptor } from "./request-scope.js";

export interface GatewayUpstreams {
  notification: NotificationServiceClient;
  order: OrderServiceClient;
  payment: PaymentServiceClient;
  user: UserServiceClient;
}

export function createGatewayUpstreams(context: ServiceContext): GatewayUpstreams {
  const { urls, config, metrics } = context;
  const options = (target: string) =>
    innerClientOptions(config.internalSecret, metrics, target, { interceptors: [forwardIdentityInterceptor()] });
  return {
    // The sync flow's whole chain runs inside CreateOrder: give it more than the contract's 2 s default.
    order: createOrderServiceClient(innerTransport(urls.order), { ...options("order"), methods: { createOrder: { deadlineMs: 10_000 } } }),
    payment: createPaymentServiceClient(innerTransport(urls.payment), options("payment")),
    notification: createNotificationServiceClient(innerTransport(urls.notification), options("notification")),
    user: createUserServiceClient(innerTransport(urls.user), options("user")),
  };
}
