import type { Summary } from "../compare-contracts.js";
import type { Finding } from "../../core/finding.js";

export interface ReportInput {
  findings: readonly Finding[];
  summary: Summary;
  /** `breaking`: what breaks; `diff`: the changelog of every change. */
  mode: "breaking" | "diff";
  /** Path of the contracts folder from the working directory (`contracts`), prefixed to file names for CI annotations. */
  contractsPath: string;
  baseline: string;
}

export type Formatter = (input: ReportInput) => string;

export function locate(f: Finding): string {
  return f.line === undefined ? f.file : `${f.file}:${f.line}`;
}

export function repoPath(contractsPath: string, file: string): string {
  return contractsPath === "" || contractsPath === "." ? file : `${contractsPath.replace(/\/+$/, "")}/${file}`;
}

export function summaryLine(input: ReportInput): string {
  const s = input.summary;
  const counts = `${s.error} error, ${s.warning} warning, ${s.info} info, ${s.accepted} accepted`;
  if (input.mode === "diff") return `${input.findings.length} changes against ${input.baseline} (${counts})`;
  return s.failing === 0
    ? `no breaking changes at or above ${s.failOn} against ${input.baseline} (${counts})`
    : `${s.failing} breaking change${s.failing === 1 ? "" : "s"} at or above ${s.failOn} against ${input.baseline} (${counts})`;
}
