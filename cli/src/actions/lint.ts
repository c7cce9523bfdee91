import { join, relative } from "node:path";
import { lintProtos, loadConfig, resolveFromConfig, type LintFinding } from "@concordkit/generator";
import type { LintOptions } from "../commands/lint.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";

export async function runLint(options: LintOptions, io: Io): Promise<ExitCode> {
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
