import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { ContractError } from "../core/contract-error.js";
import { compareAsyncApiFolders } from "../asyncapi/compare/index.js";
import { applyBreakingConfig, type BreakingConfig } from "./config.js";
import { levelRank, sortFindings, type Finding, type Level } from "../core/finding.js";
import { compareOpenApiFolders } from "../openapi/compare/index.js";
import { compareProtoFolders } from "../proto/compare/index.js";

export interface CompareOptions {
  /** The baseline tree (a folder laid out like the contracts folder). */
  baseline: string;
  /** The contracts folder being checked. */
  contracts: string;
  config?: BreakingConfig;
  /** List non-breaking additions too (proto element inventory); `concord diff` sets it. */
  everyChange?: boolean;
}

/**
 * Every change between two contract trees, across OpenAPI, AsyncAPI and proto, with the config's
 * rule switches, level overrides and accepted changes applied; sorted by file and location.
 */
export async function compareContracts(options: CompareOptions): Promise<Finding[]> {
  const config = options.config ?? {};
  if (!existsSync(options.contracts) || !statSync(options.contracts).isDirectory()) {
    throw new ContractError({ file: options.contracts, rule: "contracts-folder-missing", message: "no such folder" });
  }
  const baseline = resolve(options.baseline);
  const contracts = resolve(options.contracts);
  const findings = [
    ...compareOpenApiFolders(baseline, contracts),
    ...compareAsyncApiFolders(baseline, contracts, config.asyncapi?.compatibility),
    ...(await compareProtoFolders(baseline, contracts, config.proto ?? {}, options.everyChange ?? false)),
  ];
  return sortFindings(applyBreakingConfig(findings, config));
}

export interface Summary {
  error: number;
  warning: number;
  info: number;
  accepted: number;
  failOn: Level;
  /** Findings at or above `failOn` that are not accepted: non-zero means exit code 1. */
  failing: number;
}

export function summarize(findings: readonly Finding[], failOn: Level): Summary {
  const summary: Summary = { error: 0, warning: 0, info: 0, accepted: 0, failOn, failing: 0 };
  for (const f of findings) {
    if (f.accepted !== undefined) summary.accepted += 1;
    else summary[f.level] += 1;
    if (isFailing(f, failOn)) summary.failing += 1;
  }
  return summary;
}

export function isFailing(finding: Finding, failOn: Level): boolean {
  return finding.accepted === undefined && levelRank(finding.level) >= levelRank(failOn);
}
