import { LINE_WIDTH } from "./imports.js";

/**
 * A JSDoc block for a description from a contract (or from Concord), at `indent`: nothing for no
 * text, one line when it fits, else a block whose prose lines are wrapped at `LINE_WIDTH`. Lines
 * of tables, code fences and indented code are kept as written, so Markdown reads the same.
 */
export function jsdocLines(text: string | undefined, indent = ""): string[] {
  const lines = (text ?? "")
    .replace(/\*\//g, "*\\/")
    .split(/\r?\n/)
    .map((line) => line.trimEnd());
  while (lines[0] === "") lines.shift();
  while (lines.at(-1) === "") lines.pop();
  if (lines.length === 0) return [];
  const single = `${indent}/** ${lines[0]} */`;
  if (lines.length === 1 && single.length <= LINE_WIDTH) return [single];
  const width = LINE_WIDTH - indent.length - 3;
  let fenced = false;
  const body: string[] = [];
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const verbatim = fenced || /^\s*(```|~~~|\|)/.test(line) || /^( {4}|\t)/.test(line);
    body.push(...(verbatim ? [line] : wrapWords(line, width)));
  }
  return [`${indent}/**`, ...body.map((line) => `${indent} *${line ? ` ${line}` : ""}`), `${indent} */`];
}

/** Words of one line in lines of at most `width`, each continuation keeping the line's indent (a list item's). */
function wrapWords(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const lead = /^\s*/.exec(line)![0];
  const hang = lead + (/^\s*([-*+]|\d+[.)])\s/.test(line) ? "  " : "");
  const out: string[] = [];
  let current = "";
  for (const word of line.trim().split(/\s+/)) {
    const start = out.length === 0 ? lead : hang;
    if (current !== "" && current.length + 1 + word.length > width) {
      out.push(current);
      current = hang + word;
    } else current = current === "" ? start + word : `${current} ${word}`;
  }
  out.push(current);
  return out;
}
