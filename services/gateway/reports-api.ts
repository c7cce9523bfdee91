/**
 * `fileReport` and `getReport` (the seeds' report service, in the gateway): a report is stored
 * and its moderation task queued in one transaction, answered at once with "your report is being
 * processed"; the verdict comes back on `moderation.results`.
 */
import { randomUUID } from "node:crypto";
import type { RunningConsumer } from "@concordkit/runtime/kafka";
import { problem } from "@concordkit/runtime/server";
import { moderationTaskMessage } from "../../generated/asyncapi/channels/moderation-tasks.js";
import { startReportServiceConsumer } from "../../generated/asyncapi/report-service/consumer.js";
import type { FileReportHandler, GetReportHandler } from "../../generated/openapi/gateway/server/handlers.js";
import { enqueue, type Messaging } from "../shared/messaging/messaging.js";
import type { ServiceContext } from "../shared/service.js";
import { findReport, insertReport, resolveReport } from "./store.js";

export interface ReportsApi {
  fileReport: FileReportHandler;
  getReport: GetReportHandler;
  stop(): Promise<void>;
}

export async function reportsApi(context: ServiceContext, messaging: Messaging): Promise<ReportsApi> {
  const { db, kafka } = context;
  const consumer: RunningConsumer = await startReportServiceConsumer(
    kafka,
    {
      async onModerationResult({ payload }) {
        await resolveReport(db, payload.reportId, payload.verdict, payload.comment, payload.processedAt);
      },
    },
    messaging.consumerOptions(),
  );
  await messaging.joined(consumer);
  return {
    async fileReport({ body, context: request }) {
      const report = {
        reportId: randomUUID(),
        targetType: body.targetType,
        targetId: body.targetId,
        reason: body.reason,
        reporter: request.principal!.subject,
        status: "PROCESSING" as const,
        verdict: undefined,
        comment: undefined,
        createdAt: Date.now(),
        resolvedAt: undefined,
      };
      await db.transaction(async (tx) => {
        await insertReport(tx, report);
        const { reportId, targetType, targetId, reason, reporter, createdAt } = report;
        await enqueue(
          tx,
          moderationTaskMessage,
          { reportId, targetType, targetId, reason, reporter, createdAt },
          { correlationId: reportId },
        );
      });
      messaging.outbox.wake();
      return { status: 202, body: { reportId: report.reportId, status: "PROCESSING", message: "your report is being processed" } };
    },
    async getReport({ path, context: request }) {
      const report = await findReport(db, path.reportId);
      if (!report || report.reporter !== request.principal!.subject)
        return { status: 404, body: problem(404, `no report ${path.reportId}`) };
      const { verdict, comment, resolvedAt, ...rest } = report;
      return {
        status: 200,
        body: {
          ...rest,
          ...(verdict ? { verdict } : {}),
          ...(comment ? { comment } : {}),
          ...(resolvedAt !== undefined ? { resolvedAt } : {}),
        },
      };
    },
    stop: () => consumer.stop(),
  };
}
