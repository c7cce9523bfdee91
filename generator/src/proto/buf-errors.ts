import { ContractError, type ContractProblem } from "../core/contract-error.js";
import type { BufRun } from "./buf.js";

/** One of buf's messages (`--error-format=json`, one JSON object a line), about a place in a proto file. */
export interface BufMessage {
  /** As buf names the file: relative to the input folder it was given, or absolute. */
  path?: string;
  line?: number;
  column?: number;
  /** `COMPILE`, `FAILURE`, a lint rule (`FIELD_LOWER_SNAKE_CASE`) or a breaking rule (`FIELD_NO_DELETE`). */
  type?: string;
  message: string;
}

/** How a command names the file of one of buf's messages; `undefined` for text buf printed about no file. */
export type BufFileName = (path: string | undefined) => string;

/** The rule of a proto contract that does not compile, in every command: `proto-compile/<buf's type>`. */
const PROTO_COMPILE = "proto-compile";

/** Exit code 100: buf ran and found something (compile errors, lint findings, breaking changes). */
const FOUND = 100;

/**
 * What buf reported about the contracts, for the commands that run buf for its findings (lint,
 * breaking). Contracts that do not compile, or a buf that failed otherwise (a bad buf.yaml), throw
 * the ContractError that `concord generate` throws for the same output.
 */
export function bufFindings(run: BufRun, fileName: BufFileName): BufMessage[] {
  const { messages } = readBufOutput(run);
  const broken = messages.some(isCompileFailure) || (run.code !== 0 && (run.code !== FOUND || messages.length === 0));
  if (broken) throw bufFailure(run, fileName);
  return messages;
}

/**
 * A failed buf run as one ContractError: each compile error on its file, line and column, and any
 * other text buf printed (a crash, a bad buf.yaml) as it is, on `fileName(undefined)`.
 */
export function bufFailure(run: BufRun, fileName: BufFileName): ContractError {
  const { messages, text } = readBufOutput(run);
  const problems: ContractProblem[] = messages.filter(isCompileFailure).map((m) => ({
    file: fileName(m.path),
    ...(m.line ? { line: m.line } : {}),
    ...(m.column ? { column: m.column } : {}),
    rule: m.type ? `${PROTO_COMPILE}/${m.type.toLowerCase()}` : PROTO_COMPILE,
    message: m.message,
  }));
  if (text.length > 0 || problems.length === 0) {
    problems.push({ file: fileName(undefined), rule: PROTO_COMPILE, message: text.join("\n") || `buf exited with code ${run.code}` });
  }
  return new ContractError(dedupe(problems));
}

function isCompileFailure(message: BufMessage): boolean {
  return message.type === undefined || message.type === "COMPILE" || message.type === "FAILURE";
}

/** buf's messages from both streams (build reports on stderr, lint and breaking on stdout), and the lines that are none. */
function readBufOutput(run: BufRun): { messages: BufMessage[]; text: string[] } {
  const messages: BufMessage[] = [];
  const text: string[] = [];
  for (const line of `${run.stdout.toString("utf8")}\n${run.stderr}`.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const message = parseLine(line.trim());
    if (message) messages.push(message);
    else text.push(line.trim());
  }
  return { messages, text };
}

interface BufJsonLine {
  path?: string;
  start_line?: number;
  start_column?: number;
  type?: string;
  message?: string;
}

function parseLine(line: string): BufMessage | undefined {
  if (!line.startsWith("{")) return undefined;
  let json: BufJsonLine;
  try {
    json = JSON.parse(line) as BufJsonLine;
  } catch {
    return undefined;
  }
  if (typeof json.message !== "string") return undefined;
  return {
    ...(json.path ? { path: json.path } : {}),
    ...(json.start_line ? { line: json.start_line } : {}),
    ...(json.start_column ? { column: json.start_column } : {}),
    ...(json.type ? { type: json.type } : {}),
    message: json.message,
  };
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
