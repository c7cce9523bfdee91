import { relative } from "node:path";
import type { Command } from "commander";
import { loadConfig, resolveFromConfig } from "@concordkit/generator";
import {
  BaselineError,
  compareContracts,
  FORMATS,
  isFormatName,
  levelRank,
  materializeBaseline,
  readBreakingConfig,
  summarize,
  type Finding,
} from "@concordkit/generator/breaking";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";

export interface CompareCommandOptions {
  contracts?: string;
  against: string;
  format?: string;
  failOn?: string;
}

export function registerBreaking(program: Command, io: Io): void {
  program
    .command("breaking")
    .description("report contract changes that break deployed clients, consumers or producers (OpenAPI, AsyncAPI, proto)")
    .requiredOption("--against <baseline>", "baseline: a git ref (main, HEAD~1, a tag) or a folder laid out like the contracts folder")
    .option("--contracts <dir>", "contracts folder (default: config `contracts`, else contracts/)")
    .option("--format <format>", `output format: ${Object.keys(FORMATS).join("|")}`, "text")
    .option("--fail-on <level>", "lowest level that fails the run: error|warning (default: config breaking.failOn, else error)")
    .action(async (options: CompareCommandOptions) => {
      io.exitCode = await runCompare("breaking", options, io);
    });
}

/** Shared by `breaking` and `diff`: materialise the baseline, compare, print, pick the exit code. */
export async function runCompare(mode: "breaking" | "diff", options: CompareCommandOptions, io: Io): Promise<ExitCode> {
  const format = options.format ?? "text";
  if (!isFormatName(format)) {
    io.err(`concord ${mode}: unknown --format ${format} (expected ${Object.keys(FORMATS).join(", ")})`);
    return ExitCode.Usage;
  }
  const loaded = loadConfig();
  const config = readBreakingConfig(loaded.config, loaded.file);
  const failOn = options.failOn ?? config.failOn ?? "error";
  if (failOn !== "error" && failOn !== "warning") {
    io.err(`concord ${mode}: --fail-on must be error or warning, not ${failOn}`);
    return ExitCode.Usage;
  }
  const contracts = options.contracts ?? resolveFromConfig(loaded, "contracts", "contracts");
  let baseline;
  try {
    baseline = await materializeBaseline(options.against, contracts);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    io.err(`concord ${mode}: ${error.message}`);
    return ExitCode.Usage;
  }
  try {
    const all = await compareContracts({ baseline: baseline.dir, contracts, config, everyChange: mode === "diff" });
    const findings = mode === "diff" ? all : all.filter((f) => shownInBreaking(f));
    const summary = summarize(findings, failOn);
    const contractsPath = relative(process.cwd(), contracts).split("\\").join("/");
    io.out(FORMATS[format]({ findings, summary, mode, contractsPath, baseline: baseline.describe }));
    return mode === "breaking" && summary.failing > 0 ? ExitCode.Findings : ExitCode.Ok;
  } finally {
    await baseline.dispose();
  }
}

/** `breaking` lists what may break (error, warning) and what was accepted; `diff` lists everything. */
function shownInBreaking(finding: Finding): boolean {
  return finding.accepted !== undefined || levelRank(finding.level) > levelRank("info");
}
