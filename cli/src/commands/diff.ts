import type { Command } from "commander";
import type { Io } from "../io.js";
import { FORMAT_NAMES, type CompareCommandOptions } from "./breaking.js";

export function registerDiff(program: Command, io: Io): void {
  program
    .command("diff")
    .description("print every contract change against a baseline, breaking or not, as a changelog")
    .requiredOption("--against <baseline>", "baseline: a git ref or a folder laid out like the contracts folder")
    .option("--contracts <dir>", "contracts folder (default: config `contracts`, else contracts/)")
    .option("--format <format>", `output format: ${FORMAT_NAMES.join("|")}`, "text")
    .action(async (options: CompareCommandOptions) => {
      const { runCompare } = await import("../actions/compare.js");
      io.exitCode = await runCompare("diff", options, io);
    });
}
