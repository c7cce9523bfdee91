import type { Command } from "commander";
import type { DeadLetterReason } from "@concordkit/runtime/kafka";
import type { Io } from "../io.js";

export interface ReplayCommandOptions {
  brokers?: string;
  replayGroup?: string;
  topic: string;
  failedBy?: string;
  reason?: DeadLetterReason[];
  limit?: string;
  dryRun?: boolean;
  format: "text" | "json";
}

export const reasons: readonly DeadLetterReason[] = ["invalid", "undecodable", "handler-failed"];

export function registerDlq(program: Command, io: Io): void {
  const dlq = program.command("dlq").description("dead-letter topics: move failed records back once their cause is fixed");
  dlq
    .command("replay")
    .description("send the records of <topic>.dlq back to <topic> (each once per replay group), with the dead-letter headers dropped")
    .requiredOption("--topic <topic>", "the original topic (its <topic>.dlq is read)")
    .option("--brokers <list>", "comma-separated host:port (default: $KAFKA_BROKERS)")
    .option("--failed-by <group>", "only records this consumer group dead-lettered")
    .option("--reason <reason...>", `only these reasons: ${reasons.join(", ")}`)
    .option("--limit <n>", "replay at most n records")
    .option("--replay-group <group>", "the replay's own consumer group (default: <topic>.dlq.replay plus the filters)")
    .option("--dry-run", "list what would be replayed; send and commit nothing")
    .option("--format <format>", "text|json", "text")
    .action(async (options: ReplayCommandOptions) => {
      const { runReplay } = await import("../actions/dlq-replay.js");
      io.exitCode = await runReplay(options, io);
    });
}
