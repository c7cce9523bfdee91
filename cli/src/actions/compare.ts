import { relative } from "node:path";
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
import type { CompareCommandOptions } from "../commands/breaking.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";

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
  let baseline: Awaited<ReturnType<typeof materializeBaseline>>;
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
