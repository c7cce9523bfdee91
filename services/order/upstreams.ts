/** The generated clients of the services the order service calls, with the internal secret, trace and retry metrics. */
import { createDeliveryServiceClient, type DeliveryServiceClient } from "../../generated/proto/delivery/v1/delivery_service_client.js";
import {
  createNotificationServiceClient,
  type NotificationServiceClient,
} from "../../generated/proto/notification/v1/notification_service_client.js";
import { createPaymentServiceClient, type PaymentServiceClient } from "../../generated/proto/payment/v1/payment_service_client.js";
import { createUserServiceClient, type UserServiceClient } from "../../generated/proto/user/v1/user_service_client.js";
import { innerClientOptions, innerTransport } from "../shared/rpc.js";
import type { ServiceContext } from "../shared/service.js";

export interface Upstreams {
  payment: PaymentServiceClient;
  user: UserServiceClient;
  notification: NotificationServiceClient;
  delivery: DeliveryServiceClient;
}

export function createUpstreams(context: ServiceContext): Upstreams {
  const { urls, config, metrics } = context;
  const options = (target: string) => innerClientOptions(config.internalSecret, metrics, target);
  return {
    payment: createPaymentServiceClient(innerTransport(urls.payment), {
      ...options("payment"),
      breaker: { failureThreshold: 5, coolDownMs: 5_000 },
    }),
    user: createUserServiceClient(innerTransport(urls.user), options("user")),
    notification: createNotificationServiceClient(innerTransport(urls.notification), options("notification")),
    delivery: createDeliveryServiceClient(innerTransport(urls.delivery), options("delivery")),
  };
}
