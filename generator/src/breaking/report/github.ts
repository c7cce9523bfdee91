import { repoPath, summaryLine, type Formatter } from "./format.js";

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

/** GitHub Actions workflow commands: one annotation per finding on the changed line. */
export const formatGithub: Formatter = (input) => {
  const lines = input.findings
    .filter((f) => f.accepted === undefined)
    .map((f) => {
      const props = [`file=${property(repoPath(input.contractsPath, f.file))}`];
      if (f.line !== undefined) props.push(`line=${f.line}`);
      props.push(`title=${property(f.rule)}`);
      const where = f.location ? ` (${f.location})` : "";
      return `::${COMMAND[f.level]} ${props.join(",")}::${data(f.message + where)}`;
    });
  return [...lines, summaryLine(input)].join("\n");
};

function data(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function property(text: string): string {
  return data(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}
