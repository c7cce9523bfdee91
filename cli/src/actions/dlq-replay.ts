import { Kafka, logLevel } from "kafkajs";
import { replayDeadLetters, type ReplayOptions, type ReplayReport } from "@concordkit/runtime/kafka";
import { reasons, type ReplayCommandOptions } from "../commands/dlq.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";

export async function runReplay(options: ReplayCommandOptions, io: Io): Promise<number> {
  const brokers = (options.brokers ?? process.env.KAFKA_BROKERS ?? "").split(",").filter(Boolean);
  if (brokers.length === 0) return usage(io, "concord dlq replay: no brokers (pass --brokers or set KAFKA_BROKERS)");
  const unknown = (options.reason ?? []).filter((reason) => !reasons.includes(reason));
  if (unknown.length > 0) return usage(io, `concord dlq replay: unknown --reason ${unknown.join(", ")} (one of ${reasons.join(", ")})`);
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
    return usage(io, `concord dlq replay: --limit must be a positive integer, got ${options.limit}`);

  const kafka = new Kafka({ clientId: "concord-dlq", brokers, logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  const replay: ReplayOptions = {
    topic: options.topic,
    ...(options.failedBy ? { failedBy: options.failedBy } : {}),
    ...(options.reason ? { reasons: options.reason } : {}),
    ...(limit ? { limit } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.replayGroup ? { replayGroupId: options.replayGroup } : {}),
  };
  let report: ReplayReport;
  try {
    report = await replayDeadLetters(kafka, replay);
  } catch (error) {
    io.err(`concord dlq replay: ${(error as Error).message}`);
    return ExitCode.Internal;
  }
  if (options.format === "json") io.out(JSON.stringify({ topic: options.topic, dryRun: options.dryRun ?? false, ...report }, null, 2));
  else {
    for (const record of report.replayed) {
      io.out(
        `${options.topic}.dlq/${record.partition}/${record.offset}  ${record.reason ?? "?"}  by ${record.failedBy ?? "?"}  ${record.error ?? ""}`.trimEnd(),
      );
    }
    io.out(
      `${options.dryRun ? "would replay" : "replayed"} ${report.replayed.length} record(s) to ${options.topic}; ${report.skipped} left by the filters`,
    );
  }
  return ExitCode.Ok;
}

function usage(io: Io, message: string): number {
  io.err(message);
  return ExitCode.Usage;
}
