/**
 * The whole reference system in one process: topics provisioned, then payment, user,
 * notification, delivery, order, two moderation workers and the gateway, each on its own loopback port.
 * Tests and the benchmark use it; `services/main.ts` runs the same services one per process.
 */
import { allTopics, provisionAllTopics } from "../generated/asyncapi/topics.js";
import { loadConfig, type OrderFlow, type ServiceConfig } from "./shared/config.js";
import { waitForKafka } from "@concordkit/runtime/kafka";
import { createLogger, type LogLevel } from "@concordkit/runtime/service";
import { createKafka } from "./shared/kafka-client.js";
import type { ContextOptions, RunningService, ServiceUrls } from "./shared/service.js";
import { startDeliveryService } from "./delivery/delivery-service.js";
import { startGateway } from "./gateway/gateway-service.js";
import { startModerationWorker } from "./moderation/moderation-service.js";
import { startNotificationService } from "./notification/notification-service.js";
import { startOrderService } from "./order/order-service.js";
import { startPaymentService } from "./payment/payment-service.js";
import { startUserService } from "./user/user-service.js";

export interface SystemOptions {
  brokers: string[];
  flow: OrderFlow;
  /** Folder of the services' SQLite files. */
  dataDir: string;
  /** Overrides of the config read from the environment. */
  config?: Partial<ServiceConfig>;
  moderationWorkers?: number;
  /** Where every service's log lines go; stdout by default. */
  logDestination?: ContextOptions["logDestination"];
}

export interface RunningSystem {
  readonly config: ServiceConfig;
  readonly gatewayUrl: string;
  readonly services: Map<string, RunningService>;
  /** Stops one service (e.g. payment, to see the flow survive it) and starts it again on the same port. */
  stopService(name: string): Promise<void>;
  startService(name: string): Promise<void>;
  stop(): Promise<void>;
}

type Starter = (options: ContextOptions) => Promise<RunningService>;

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const config: ServiceConfig = {
    ...loadConfig({}),
    ...options.config,
    kafkaBrokers: options.brokers,
    orderFlow: options.flow,
    dataDir: options.dataDir,
  };
  const logger = createLogger("system", { level: config.logLevel as LogLevel });
  const kafka = createKafka("concord-provision", config.kafkaBrokers, logger);
  await provisionAllTopics(kafka);
  await waitForKafka(
    kafka,
    allTopics.map((topic) => topic.name),
  );

  const services = new Map<string, RunningService>();
  const starters = new Map<string, { start: Starter; options: ContextOptions }>();
  const urls: ServiceUrls = { order: "", payment: "", user: "", notification: "", delivery: "" };
  const url = (service: RunningService) => `http://127.0.0.1:${service.ports.api}`;

  async function launch(name: string, start: Starter, extra: Partial<ContextOptions> = {}): Promise<RunningService> {
    const contextOptions: ContextOptions = {
      config,
      urls,
      ...(options.logDestination ? { logDestination: options.logDestination } : {}),
      ...extra,
    };
    const service = await start(contextOptions);
    services.set(name, service);
    starters.set(name, { start, options: { ...contextOptions, port: service.ports.api ?? 0 } });
    return service;
  }

  try {
    urls.payment = url(await launch("payment", startPaymentService));
    urls.user = url(await launch("user", startUserService));
    urls.notification = url(await launch("notification", startNotificationService));
    urls.delivery = url(await launch("delivery", startDeliveryService));
    urls.order = url(await launch("order", startOrderService));
    for (let worker = 1; worker <= (options.moderationWorkers ?? 2); worker++) {
      await launch(`moderation-${worker}`, startModerationWorker, { instance: `moderation-${worker}` });
    }
    await launch("gateway", startGateway);
  } catch (error) {
    await Promise.allSettled([...services.values()].map((service) => service.stop()));
    throw error;
  }

  return {
    config,
    gatewayUrl: url(services.get("gateway")!),
    services,
    async stopService(name) {
      await services.get(name)?.stop();
      services.delete(name);
    },
    async startService(name) {
      const starter = starters.get(name);
      if (!starter || services.has(name)) return;
      services.set(name, await starter.start(starter.options));
    },
    async stop() {
      for (const name of [
        "gateway",
        "order",
        "delivery",
        "notification",
        "user",
        "payment",
        ...[...services.keys()].filter((key) => key.startsWith("moderation")),
      ]) {
        await services
          .get(name)
          ?.stop()
          .catch((error: unknown) => logger.error("stop failed", { err: error, service: name }));
        services.delete(name);
      }
    },
  };
}
