import { type Command, Option } from "commander";
import type { Io } from "../io.js";

export interface LintOptions {
  contracts?: string;
  format: "text" | "json" | "github";
  exitZero?: boolean;
}

export function registerLint(program: Command, io: Io): void {
  program
    .command("lint")
    .description(
      "report style findings in the proto contracts with buf lint (rules from contracts/proto/buf.yaml); generation never fails on them",
    )
    .option("--contracts <dir>", "contracts folder (default: config `contracts`, else contracts/)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "github"]).default("text"))
    .option("--exit-zero", "exit 0 even when there are findings")
    .action(async (options: LintOptions) => {
      const { runLint } = await import("../actions/lint.js");
      io.exitCode = await runLint(options, io);
    });
}
