import type { Command } from "commander";
import type { FormatName } from "@concordkit/generator/breaking";
import type { Io } from "../io.js";

export interface CompareCommandOptions {
  contracts?: string;
  against: string;
  format?: string;
  failOn?: string;
}

/**
 * The report formats' names, for --help without loading the comparison code. The types keep the
 * list equal to the generator's FORMATS: a name it lacks, or one it added, fails to compile.
 */
export const FORMAT_NAMES = ["text", "json", "markdown", "github", "junit"] as const satisfies readonly FormatName[];
type Missing = Exclude<FormatName, (typeof FORMAT_NAMES)[number]>;
const everyFormatListed: [Missing] extends [never] ? true : Missing = true;
void everyFormatListed;

export function registerBreaking(program: Command, io: Io): void {
  program
    .command("breaking")
    .description("report contract changes that break deployed clients, consumers or producers (OpenAPI, AsyncAPI, proto)")
    .requiredOption("--against <baseline>", "baseline: a git ref (main, HEAD~1, a tag) or a folder laid out like the contracts folder")
    .option("--contracts <dir>", "contracts folder (default: config `contracts`, else contracts/)")
    .option("--format <format>", `output format: ${FORMAT_NAMES.join("|")}`, "text")
    .option("--fail-on <level>", "lowest level that fails the run: error|warning (default: config breaking.failOn, else error)")
    .action(async (options: CompareCommandOptions) => {
      const { runCompare } = await import("../actions/compare.js");
      io.exitCode = await runCompare("breaking", options, io);
    });
}
