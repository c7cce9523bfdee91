import { isAbsolute, join } from "node:path";
import type { ContractProblem } from "../core/contract-error.js";

/** One finding as buf prints it with `--error-format=json`. */
interface BufJsonLine {
  path?: string;
  start_line?: number;
  start_column?: number;
  type?: string;
  message?: string;
}

/**
 * Turns buf's stderr into problems with file, line and column. Lines that are not buf's JSON
 * (a crash, a bad buf.yaml) become one problem on `fallbackFile` carrying the text as it is.
 */
export function problemsFromBuf(stderr: string, dir: string, rule: string, fallbackFile: string): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const loose: string[] = [];
  for (const line of stderr.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const parsed = parseLine(line);
    if (!parsed?.message) {
      loose.push(line.trim());
      continue;
    }
    const file = parsed.path ? (isAbsolute(parsed.path) ? parsed.path : join(dir, parsed.path)) : fallbackFile;
    problems.push({
      file,
      ...(parsed.start_line ? { line: parsed.start_line } : {}),
      ...(parsed.start_column ? { column: parsed.start_column } : {}),
      rule: parsed.type ? `${rule}/${parsed.type.toLowerCase()}` : rule,
      message: parsed.message,
    });
  }
  if (loose.length > 0) problems.push({ file: fallbackFile, rule, message: loose.join("\n") });
  return dedupe(problems);
}

function parseLine(line: string): BufJsonLine | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as BufJsonLine;
  } catch {
    return undefined;
  }
}

function dedupe(problems: ContractProblem[]): ContractProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
