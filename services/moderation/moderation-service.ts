/**
 * A moderation worker. Several instances share the consumer group `moderation-workers` (Kafka
 * gives each task to one of them) and the service's store, where a verdict is recorded once per
 * task: a task redelivered after a rebalance is not judged twice. The verdict goes out on
 * `moderation.results` through the outbox in the same transaction.
 */
import { tracedHandlers } from "@concordkit/runtime/kafka";
import { moderationResultMessage } from "../../generated/asyncapi/channels/moderation-results.js";
import { moderationServiceConsumerGroups, startModerationServiceConsumer } from "../../generated/asyncapi/moderation-service/consumer.js";
import { moderationServiceTopics } from "../../generated/asyncapi/moderation-service/topics.js";
import { enqueue, startMessaging } from "../shared/messaging/messaging.js";
import { runService, type ContextOptions, type RunningService, type ServiceContext } from "../shared/service.js";
import { createModerationSchema, judge, recordVerdict } from "./store.js";

export function startModerationWorker(options: ContextOptions): Promise<RunningService> {
  return runService("moderation", { store: "moderation", ...options }, start);
}

async function start(context: ServiceContext) {
  const { db, kafka, instance, logger } = context;
  await createModerationSchema(db);
  const messaging = await startMessaging(context);
  const consumer = await startModerationServiceConsumer(
    kafka,
    tracedHandlers({
      async onModerationTask({ payload }) {
        const verdict = judge(payload.reason);
        const decided = await db.transaction(async (tx) => {
          if (!(await recordVerdict(tx, payload.reportId, verdict, instance))) return false;
          await enqueue(
            tx,
            moderationResultMessage,
            {
              reportId: payload.reportId,
              targetType: payload.targetType,
              targetId: payload.targetId,
              verdict,
              comment: `decided by ${instance}`,
              processedAt: Date.now(),
            },
            { correlationId: payload.reportId },
          );
          return true;
        });
        if (decided) messaging.outbox.wake();
        else logger.info("task already decided; skipped", { reportId: payload.reportId });
      },
    }),
    messaging.consumerOptions(),
  );
  await messaging.joined(consumer, { groups: moderationServiceConsumerGroups, topics: moderationServiceTopics });
  return {
    ports: {},
    async stop() {
      await consumer.stop();
      await messaging.stop();
    },
  };
}
