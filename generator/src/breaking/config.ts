import { COMPATIBILITIES, type Compatibility } from "../asyncapi/compare/compatibility.js";
import type { ConcordConfig } from "../config.js";
import { ContractError } from "../core/contract-error.js";
import { isLevel, type Finding, type Level } from "../core/finding.js";

export type { Compatibility };

/** A breaking change the team decided to ship, matched by rule, file and (optionally) location. */
export interface AcceptedChange {
  rule: string;
  file: string;
  location?: string;
  reason: string;
}

/** The `breaking` section of concord.config.json. */
export interface BreakingConfig {
  /** Lowest level that fails the run (`--fail-on` wins). Default `error`. */
  failOn?: "error" | "warning";
  /** buf breaking categories or rule ids. Default `["WIRE_JSON"]`. */
  proto?: { use?: string[]; except?: string[] };
  asyncapi?: { compatibility?: Compatibility };
  /** Per rule id: `off`, or the level to report it at. */
  rules?: Record<string, "off" | Level>;
  accept?: AcceptedChange[];
}

export function readBreakingConfig(config: ConcordConfig, file = "concord.config.json"): BreakingConfig {
  const section = config.breaking ?? {};
  const problems: string[] = [];
  const rules = (section["rules"] ?? {}) as Record<string, unknown>;
  for (const [rule, value] of Object.entries(rules)) {
    if (value !== "off" && !isLevel(value)) problems.push(`breaking.rules.${rule} must be off, error, warning or info`);
  }
  const accept = section["accept"] ?? [];
  if (!Array.isArray(accept)) problems.push("breaking.accept must be an array");
  else {
    accept.forEach((entry: unknown, index) => {
      const e = (entry ?? {}) as Record<string, unknown>;
      for (const key of ["rule", "file", "reason"]) {
        if (typeof e[key] !== "string" || e[key] === "") problems.push(`breaking.accept[${index}].${key} must be a non-empty string`);
      }
    });
  }
  const failOn = section["failOn"];
  if (failOn !== undefined && failOn !== "error" && failOn !== "warning") problems.push("breaking.failOn must be error or warning");
  const compatibility = (section["asyncapi"] as Record<string, unknown> | undefined)?.["compatibility"];
  if (compatibility !== undefined && !COMPATIBILITIES.includes(compatibility as Compatibility)) {
    problems.push(`breaking.asyncapi.compatibility must be one of ${COMPATIBILITIES.join(", ")}`);
  }
  if (problems.length > 0) {
    throw new ContractError(problems.map((message) => ({ file, path: "/breaking", rule: "config-invalid", message })));
  }
  return section as BreakingConfig;
}

/** Drops rules switched off, applies level overrides, and marks accepted changes with their reason. */
export function applyBreakingConfig(findings: readonly Finding[], config: BreakingConfig): Finding[] {
  const out: Finding[] = [];
  for (const finding of findings) {
    const override = config.rules?.[finding.rule];
    if (override === "off") continue;
    const next: Finding = override ? { ...finding, level: override } : { ...finding };
    const accepted = config.accept?.find(
      (a) => a.rule === finding.rule && a.file === finding.file && (a.location === undefined || a.location === finding.location),
    );
    if (accepted) next.accepted = accepted.reason;
    out.push(next);
  }
  return out;
}
