/**
 * What every reference service is made of and hands back: its config, logger, metrics, Kafka
 * client and store in; its ports and a stop function out. `services/main.ts` runs one per process;
 * tests run several in one process.
 */
import type { Kafka } from "@concordkit/runtime/kafka";
import { createHealth, createLogger, serveOps, type Health, type Logger, type LogLevel } from "@concordkit/runtime/service";
import type { ServiceConfig } from "./config.js";
import { createKafka } from "./kafka-client.js";
import { createMetrics, type ServiceMetrics } from "./observability/metrics.js";
import { openDatabase } from "./storage/open-database.js";
import type { SqlDatabase } from "./storage/database.js";

/** Base URLs of the services a service calls (Connect over HTTP/2 cleartext). */
export interface ServiceUrls {
  order: string;
  payment: string;
  user: string;
  notification: string;
  delivery: string;
}

export interface ServiceContext {
  readonly name: string;
  readonly config: ServiceConfig;
  readonly urls: ServiceUrls;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  /** What `/healthz` checks: add every consumer the service runs. */
  readonly health: Health;
  readonly kafka: Kafka;
  readonly db: SqlDatabase;
  /** Port of the service's API (0 = any free one). */
  readonly port: number;
  /** Instance name, when several instances of one service run (moderation workers). */
  readonly instance: string;
}

export interface RunningService {
  readonly name: string;
  /** `api` (REST or Connect), `metrics` (the ops endpoint). */
  readonly ports: Readonly<Record<string, number>>;
  stop(): Promise<void>;
}

export interface ContextOptions {
  config: ServiceConfig;
  urls: ServiceUrls;
  port?: number;
  metricsPort?: number;
  instance?: string;
  /** Store name; defaults to the service name (instances of one service share it). */
  store?: string;
  /** Where the log lines go, one JSON line a write; stdout by default (tests read them from a stream). */
  logDestination?: { write(line: string): unknown };
}

/**
 * Builds the context and starts the ops endpoint, runs `start`, and returns a RunningService whose
 * stop also closes the ops endpoint and the store.
 */
export async function runService(
  name: string,
  options: ContextOptions,
  start: (context: ServiceContext) => Promise<{ ports: Record<string, number>; stop(): Promise<void> }>,
): Promise<RunningService> {
  const instance = options.instance ?? name;
  const destination = options.logDestination;
  const logger = createLogger(instance, {
    level: options.config.logLevel as LogLevel,
    ...(destination ? { write: (line: string) => void destination.write(line) } : {}),
  });
  const metrics = createMetrics(name);
  const db = await openDatabase(options.store ?? name, options.config);
  const kafka = createKafka(instance, options.config.kafkaBrokers, logger);
  const health = createHealth();
  const context: ServiceContext = {
    name,
    config: options.config,
    urls: options.urls,
    logger,
    metrics,
    health,
    kafka,
    db,
    port: options.port ?? 0,
    instance,
  };
  const ops = await serveOps({ health, metrics: metrics.registry, host: options.config.host, port: options.metricsPort ?? 0 });
  try {
    const started = await start(context);
    health.ready();
    logger.info("service started", { ports: { ...started.ports, metrics: ops.port }, flow: options.config.orderFlow });
    return {
      name: instance,
      ports: { ...started.ports, metrics: ops.port },
      async stop() {
        health.stopping();
        await started.stop();
        await ops.close(0);
        await db.close();
        logger.info("service stopped");
      },
    };
  } catch (error) {
    await ops.close(0);
    await db.close();
    throw error;
  }
}
