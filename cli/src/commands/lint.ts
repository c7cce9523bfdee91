import { join, relative } from "node:path";
import { type Command, Option } from "commander";
import { loadConfig, resolveFromConfig } from "@concordkit/generator";
import { lintProtos, type LintFinding } from "@concordkit/generator";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";

interface LintOptions {
  contracts?: string;
  format: "text" | "json" | "github";
  exitZero?: boolean;
}

export function registerLint(program: Command, io: Io): void {
  program
    .command("lint")
    .description("report style findings in the proto contracts with buf lint (rules from contracts/proto/buf.yaml); generation never fails on them")
    .option("--contracts <dir>", "contracts folder (default: config `contracts`, else contracts/)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "github"]).default("text"))
    .option("--exit-zero", "exit 0 even when there are findings")
    .action(async (options: LintOptions) => {
      io.exitCode = await runLint(options, io);
    });
}

async function runLint(options: LintOptions, io: Io): Promise<ExitCode> {
  const contracts = options.contracts ?? resolveFromConfig(loadConfig(), "contracts", "contracts");
  const findings = await lintProtos(join(contracts, "proto"));
  const shown = (file: string) => relative(process.cwd(), file) || file;
  if (options.format === "json") {
    io.out(JSON.stringify({ findings: findings.map((f) => ({ ...f, file: shown(f.file) })) }, null, 2));
  } else {
    for (const finding of findings) io.out(options.format === "github" ? githubLine(finding, shown) : textLine(finding, shown));
    if (options.format === "text") io.out(findings.length === 0 ? "proto lint: no findings" : `proto lint: ${findings.length} finding(s)`);
  }
  return findings.length > 0 && !options.exitZero ? ExitCode.Findings : ExitCode.Ok;
}

function textLine(f: LintFinding, shown: (file: string) => string): string {
  const where = [shown(f.file), f.line, f.column].filter((part) => part !== undefined).join(":");
  return `${where}: ${f.message} [${f.rule}]`;
}

/** GitHub Actions workflow command: shows the finding on the pull request's diff. */
function githubLine(f: LintFinding, shown: (file: string) => string): string {
  const props = [`file=${shown(f.file)}`, f.line ? `line=${f.line}` : "", f.column ? `col=${f.column}` : "", `title=${f.rule}`]
    .filter(Boolean)
    .join(",");
  return `::warning ${props}::${f.message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}`;
}
