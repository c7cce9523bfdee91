import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from "yaml";
import { scanJsonLines } from "../../generator/src/breaking/source/json-lines.js";
import { FIXTURES } from "./run-cli.js";

/** Every pointer of a document with the line yaml's own parser gives for it. */
function yamlLines(text: string): Map<string, number> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const out = new Map<string, number>();
  const walk = (node: unknown, pointer: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = String((pair.key as { value: unknown }).value).replaceAll("~", "~0").replaceAll("/", "~1");
        out.set(`${pointer}/${key}`, counter.linePos((pair.key as YamlNode).range?.[0] ?? 0).line);
        walk(pair.value, `${pointer}/${key}`);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        out.set(`${pointer}/${i}`, counter.linePos((item as YamlNode).range?.[0] ?? 0).line);
        walk(item, `${pointer}/${i}`);
      });
    }
  };
  walk(doc.contents, "");
  return out;
}

describe("scanJsonLines", () => {
  it("agrees with the YAML parser on every key and item of a JSON contract", () => {
    const text = readFileSync(join(FIXTURES, "openapi", "ok-reformatted-reordered", "head", "openapi", "shop.yaml"), "utf8");
    const expected = yamlLines(text);
    const scanned = scanJsonLines(text, 64);
    expect(expected.size).toBeGreaterThan(100);
    for (const [pointer, line] of expected) expect([pointer, scanned.get(pointer)]).toEqual([pointer, line]);
  });

  it("handles escapes, nesting and primitives on one line", () => {
    const lines = scanJsonLines('{"a": [1, {"b\\"/": true}],\n "c": null,\n "d": "x\\\\"}');
    expect(lines.get("/a/1/b\"~1")).toBe(1);
    expect(lines.get("/c")).toBe(2);
    expect(lines.get("/d")).toBe(3);
  });
});
