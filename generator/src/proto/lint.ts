import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { ContractError } from "../core/contract-error.js";
import { runBuf } from "./buf.js";
import { problemsFromBuf } from "./buf-errors.js";

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
  const result = await runBuf(["lint", "--error-format=json"], dir);
  const lines = result.stdout.toString("utf8").split(/\r?\n/).filter((line) => line.startsWith("{"));
  const parsed = lines.map((line) => JSON.parse(line) as BufLintLine);
  // buf lint reports compile errors on stdout as type COMPILE, other failures on stderr.
  if (parsed.some((line) => line.type === "COMPILE") || (result.code !== 0 && parsed.length === 0)) {
    throw new ContractError(problemsFromBuf(`${lines.join("\n")}\n${result.stderr}`, dir, "proto-compile", dir));
  }
  return parsed.map((line) => toFinding(line, dir));
}

interface BufLintLine {
  path: string;
  start_line?: number;
  start_column?: number;
  type: string;
  message: string;
}

function toFinding(line: BufLintLine, dir: string): LintFinding {
  return {
    file: isAbsolute(line.path) ? line.path : join(dir, line.path),
    ...(line.start_line ? { line: line.start_line } : {}),
    ...(line.start_column ? { column: line.start_column } : {}),
    rule: line.type,
    message: line.message,
  };
}
