/**
 * Runs one reference service in this process: `npm run ts -- services/main.ts <service>`, configured by
 * the environment (see services/shared/config.ts; PORT, METRICS_PORT, INSTANCE, and ORDER_URL,
 * PAYMENT_URL, USER_URL, NOTIFICATION_URL, DELIVERY_URL for the services it calls). Stops cleanly on SIGTERM/SIGINT.
 */
import { stopOnSignals } from "@concordkit/runtime/service";
import { loadConfig, portFrom } from "./shared/config.js";
import type { ContextOptions, RunningService } from "./shared/service.js";
import { startDeliveryService } from "./delivery/delivery-service.js";
import { startGateway } from "./gateway/gateway-service.js";
import { startModerationWorker } from "./moderation/moderation-service.js";
import { startNotificationService } from "./notification/notification-service.js";
import { startOrderService } from "./order/order-service.js";
import { startPaymentService } from "./payment/payment-service.js";
import { startUserService } from "./user/user-service.js";

const starters: Record<string, (options: ContextOptions) => Promise<RunningService>> = {
  gateway: startGateway,
  order: startOrderService,
  payment: startPaymentService,
  user: startUserService,
  notification: startNotificationService,
  delivery: startDeliveryService,
  moderation: startModerationWorker,
};

const name = process.argv[2] ?? "";
const start = starters[name];
if (!start) {
  console.error(`usage: npm run ts -- services/main.ts <${Object.keys(starters).join("|")}>`);
  process.exit(2);
}

const env = process.env;
const service = await start({
  config: loadConfig(env),
  urls: {
    order: env.ORDER_URL ?? "http://127.0.0.1:8081",
    payment: env.PAYMENT_URL ?? "http://127.0.0.1:8082",
    user: env.USER_URL ?? "http://127.0.0.1:8083",
    notification: env.NOTIFICATION_URL ?? "http://127.0.0.1:8084",
    delivery: env.DELIVERY_URL ?? "http://127.0.0.1:8085",
  },
  port: portFrom(env, "PORT"),
  metricsPort: portFrom(env, "METRICS_PORT"),
  ...(env.INSTANCE ? { instance: env.INSTANCE } : {}),
});
// One machine-readable line for the launcher.
console.log(JSON.stringify({ ready: service.name, ports: service.ports }));

stopOnSignals(() => service.stop());
