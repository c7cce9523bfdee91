export { materializeBaseline, BaselineError, type Baseline } from "./baseline.js";
export { compareContracts, summarize, isFailing, type CompareOptions, type Summary } from "./compare-contracts.js";
export { readBreakingConfig, applyBreakingConfig, type BreakingConfig, type AcceptedChange, type Compatibility } from "./config.js";
export { LEVELS, levelRank, type Finding, type Level } from "../core/finding.js";
export { FORMATS, isFormatName, type FormatName, type ReportInput } from "./report/index.js";
