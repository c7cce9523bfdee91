import { summaryLine, type Formatter } from "./format.js";

const ICON = { error: "🔴", warning: "🟠", info: "🔵" } as const;

/** A PR comment: a heading with the verdict and one table row per finding. */
export const formatMarkdown: Formatter = (input) => {
  const title = input.mode === "diff" ? "Contract changes" : "Contract compatibility";
  const lines = [`### ${title}`, "", summaryLine(input)];
  if (input.findings.length === 0) return lines.join("\n");
  lines.push("", "| level | rule | file | location | change |", "|---|---|---|---|---|");
  for (const f of input.findings) {
    const level = f.accepted !== undefined ? `✅ accepted (${cell(f.accepted)})` : `${ICON[f.level]} ${f.level}`;
    const file = f.line === undefined ? f.file : `${f.file}:${f.line}`;
    lines.push(`| ${level} | \`${f.rule}\` | ${cell(file)} | ${f.location ? `\`${cell(f.location)}\`` : ""} | ${cell(f.message)} |`);
  }
  return lines.join("\n");
};

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
