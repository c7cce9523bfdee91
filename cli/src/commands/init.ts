import type { Command } from "commander";
import type { Io } from "../io.js";

export interface InitOptions {
  openapi?: boolean;
  proto?: boolean;
  asyncapi?: boolean;
  dir?: string;
}

export function registerInit(program: Command, io: Io): void {
  program
    .command("init")
    .description(
      "start a project: concord.config.json, an example contract of each kind asked for (all three by default) and npm scripts; never overwrites a file",
    )
    .option("--openapi", "an OpenAPI contract (REST SDK and server stubs)")
    .option("--proto", "a .proto package with its buf.yaml (Connect-RPC)")
    .option("--asyncapi", "an AsyncAPI contract (Kafka producers and consumers)")
    .option("--dir <folder>", "the project folder (default: the current folder; created if missing)")
    .action(async (options: InitOptions) => {
      const { runInit } = await import("../actions/init.js");
      io.exitCode = await runInit(options, io);
    });
}
