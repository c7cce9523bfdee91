import type { Formatter } from "./format.js";

/** `{ findings: [...], summary: {...} }`, the shape the README documents. */
export const formatJson: Formatter = (input) =>
  JSON.stringify({ baseline: input.baseline, findings: input.findings, summary: input.summary }, null, 2);
