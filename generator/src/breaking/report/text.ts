import { locate, summaryLine, type Formatter } from "./format.js";

export const formatText: Formatter = (input) => {
  const lines = input.findings.map((f) => {
    const level = f.accepted !== undefined ? "accepted" : f.level;
    const where = f.location ? ` ${f.location}` : "";
    const reason = f.accepted !== undefined ? ` (accepted: ${f.accepted})` : "";
    return `${level.padEnd(8)} ${locate(f)}${where}\n         ${f.message} [${f.rule}]${reason}`;
  });
  return [...lines, summaryLine(input)].join("\n");
};
