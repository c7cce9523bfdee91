import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Document, Node } from "yaml";
import { ContractError, type ContractProblem } from "../core/contract-error.js";

/** A parsed contract file and a way back from a JSON pointer in it to a line of its text. */
export interface SourceDocument {
  file: string;
  data: unknown;
  /** Line and column (1-based) of the node at `pointer` (`/paths/~1order/post`), or of its nearest parent. */
  locate(pointer: string): { line: number; column: number } | undefined;
}

type Yaml = typeof import("yaml");

const require = createRequire(import.meta.url);
let yaml: Yaml | undefined;

/** The YAML parser, loaded on first use (synchronously, for `locate`): a valid JSON contract never needs it. */
function yamlParser(): Yaml {
  return (yaml ??= require("yaml") as Yaml);
}

/**
 * Reads a YAML or JSON contract. JSON takes the fast path (JSON.parse); the YAML parser with a
 * LineCounter only runs for YAML, or for JSON once a problem needs a line number.
 */
export async function readSource(file: string, shownFile = file): Promise<SourceDocument> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new ContractError({ file: shownFile, rule: "file-unreadable", message: error.message });
  });
  if (/\.json$/i.test(file)) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      parseWithLines(text, shownFile); // throws with a line number
      throw new ContractError({ file: shownFile, rule: "json-syntax", message: (error as Error).message });
    }
    let located: Located | undefined;
    return {
      file: shownFile,
      data,
      // JSON.parse allows repeated keys; so must the parse that only looks for lines.
      locate: (pointer) => (located ??= parseWithLines(text, shownFile, false)).locate(pointer),
    };
  }
  const located = parseWithLines(text, shownFile);
  return { file: shownFile, data: located.doc.toJS({ maxAliasCount: -1 }) as unknown, locate: located.locate };
}

interface Located {
  doc: Document;
  locate: SourceDocument["locate"];
}

function parseWithLines(text: string, file: string, uniqueKeys = true): Located {
  const parser = yamlParser();
  const lineCounter = new parser.LineCounter();
  const doc = parser.parseDocument(text, { lineCounter, uniqueKeys, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems: ContractProblem[] = doc.errors.map((error) => {
      const pos = lineCounter.linePos(error.pos[0]);
      return { file, line: pos.line, column: pos.col, rule: "yaml-syntax", message: firstLine(error.message) };
    });
    throw new ContractError(problems);
  }
  const locate = (pointer: string) => {
    const offset = offsetOf(parser, doc.contents, pointerTokens(pointer));
    if (offset === undefined) return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return { doc, locate };
}

/** Offset of the deepest node on the pointer's path: a map entry points at its key. */
function offsetOf({ isMap, isPair, isScalar, isSeq }: Yaml, root: unknown, tokens: readonly string[]): number | undefined {
  let node: unknown = root;
  let offset = rangeStart(root);
  for (const token of tokens) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === token);
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

export function pointerTokens(pointer: string): string[] {
  const body = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  if (body === "" || body === "/") return body === "/" ? [""] : [];
  return body
    .slice(1)
    .split("/")
    .map((token) => safeDecode(token).replace(/~1/g, "/").replace(/~0/g, "~"));
}

function safeDecode(token: string): string {
  try {
    return token.includes("%") ? decodeURIComponent(token) : token;
  } catch {
    return token;
  }
}

export function pointerOf(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
