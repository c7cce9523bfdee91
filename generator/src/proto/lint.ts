import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { shownPath } from "../source/shown-path.js";
import { runBuf } from "./buf.js";
import { bufFindings } from "./buf-errors.js";

/** One style finding of `buf lint`, with the rule (e.g. `FIELD_LOWER_SNAKE_CASE`) that raised it. */
export interface LintFinding {
  file: string;
  line?: number;
  column?: number;
  rule: string;
  message: string;
}

/**
 * Runs `buf lint` on the proto contracts in `dir` with the rules of its buf.yaml (buf's
 * STANDARD set when there is none). Style findings are returned, never thrown; a contract that
 * does not compile is a ContractError, as in `concord generate`.
 */
export async function lintProtos(dir: string): Promise<LintFinding[]> {
  if (!existsSync(dir)) return [];
  const run = await runBuf(["lint", "--error-format=json"], dir);
  const findings = bufFindings(run, (path) => shownPath(resolve(dir, path ?? ".")));
  return findings.map((finding) => ({
    file: resolve(dir, finding.path ?? "."),
    ...(finding.line ? { line: finding.line } : {}),
    ...(finding.column ? { column: finding.column } : {}),
    rule: finding.type ?? "",
    message: finding.message,
  }));
}
