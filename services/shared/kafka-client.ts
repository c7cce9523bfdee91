import { Kafka, logLevel, type LogEntry } from "kafkajs";
import type { Logger } from "./observability/logger.js";

/** A kafkajs client whose warnings and errors go to the service's pino logger. */
export function createKafka(clientId: string, brokers: string[], logger: Logger): Kafka {
  const log = logger.child({ component: "kafkajs" });
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200 },
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        // kafkajs logs retried, transient broker answers (leader moves, rebalances) as errors.
        if (level === logLevel.ERROR) log.warn(rest, message);
        else log.debug(rest, message);
      },
  });
}
