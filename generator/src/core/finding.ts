/** How sure a change breaks someone: `error` for sure, `warning` maybe, `info` safe. */
export type Level = "error" | "warning" | "info";

export const LEVELS: readonly Level[] = ["error", "warning", "info"];

/** One change between the baseline and the head contracts, with a stable rule id. */
export interface Finding {
  /** Stable id, kebab-case for OpenAPI/AsyncAPI (`api-path-removed`), buf's id for proto (`FIELD_NO_DELETE`). */
  rule: string;
  level: Level;
  /** Path of the contract inside the contracts folder, e.g. `openapi/gateway.yaml`. */
  file: string;
  /** JSON pointer into the document, or the proto element. */
  location: string;
  message: string;
  /** 1-based line in the head file (the baseline file for removals), when known. */
  line?: number;
  /** Set when the config accepts this change; the reason recorded there. */
  accepted?: string;
}

export function levelRank(level: Level): number {
  return level === "error" ? 2 : level === "warning" ? 1 : 0;
}

export function isLevel(value: unknown): value is Level {
  return value === "error" || value === "warning" || value === "info";
}

/** Deterministic order: file, then location, then rule. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => compare(a.file, b.file) || compare(a.location, b.location) || compare(a.rule, b.rule) || compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
