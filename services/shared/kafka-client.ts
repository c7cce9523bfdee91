import { createKafka as createRuntimeKafka, type Kafka } from "@concordkit/runtime/kafka";
import type { Logger } from "@concordkit/runtime/service";
import { logLevel, type LogEntry } from "kafkajs";

/** A kafkajs client whose warnings and errors go to the service's logger. */
export function createKafka(clientId: string, brokers: string[], logger: Logger): Kafka {
  return createRuntimeKafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200 },
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        const fields = { component: "kafkajs", ...rest };
        // kafkajs logs retried, transient broker answers (leader moves, rebalances) as errors.
        if (level === logLevel.ERROR) logger.warn(message, fields);
        else logger.debug(message, fields);
      },
  });
}
