import type { Command } from "commander";
import type { Io } from "../io.js";

export interface GenerateOptions {
  contracts?: string;
  out?: string;
  check?: boolean;
  watch?: boolean;
}

export function registerGenerate(program: Command, io: Io): void {
  program
    .command("generate")
    .description("generate typed code from the contracts folder (openapi/, proto/, asyncapi/)")
    .option("--contracts <dir>", "contracts folder (default: config `contracts`, else contracts/)")
    .option("--out <dir>", "output folder (default: config `out`, else generated/)")
    .option("--check", "write nothing; exit 1 and list stale files if the output folder is out of date")
    .option("--watch", "generate again whenever a contract or the config changes, rewriting only what changed; Ctrl-C stops")
    .action(async (options: GenerateOptions) => {
      const { runGenerate } = await import("../actions/generate.js");
      io.exitCode = await runGenerate(options, io);
    });
}
