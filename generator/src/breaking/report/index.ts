import type { Formatter } from "./format.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import { formatMarkdown } from "./markdown.js";
import { formatText } from "./text.js";

export const FORMATS = {
  text: formatText,
  json: formatJson,
  markdown: formatMarkdown,
  github: formatGithub,
  junit: formatJunit,
} as const satisfies Record<string, Formatter>;
export type FormatName = keyof typeof FORMATS;

export function isFormatName(value: string): value is FormatName {
  return Object.hasOwn(FORMATS, value);
}

export type { ReportInput } from "./format.js";
