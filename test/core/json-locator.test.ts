import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { encodeToken, parsePointer } from "../../generator/src/core/json-pointer.js";
import { JsonLocator, jsonDuplicateKeys } from "../../generator/src/source/json-locator.js";

const FIXTURES = join(import.meta.dirname, "../breaking/fixtures");

/** Every pointer of a document with the line and column yaml's own parser gives for it (a key, an item). */
function yamlPositions(text: string): Map<string, { line: number; column: number }> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const out = new Map<string, { line: number; column: number }>();
  const at = (node: unknown) => {
    const pos = counter.linePos((node as YamlNode).range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  };
  const walk = (node: unknown, pointer: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = `${pointer}/${encodeToken(String((pair.key as { value: unknown }).value))}`;
        out.set(key, at(pair.key));
        walk(pair.value, key);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        out.set(`${pointer}/${i}`, at(item));
        walk(item, `${pointer}/${i}`);
      });
    }
  };
  walk(doc.contents, "");
  return out;
}

describe("JsonLocator", () => {
  it("agrees with the YAML parser on the line and column of every key and item of a JSON contract, at any depth", () => {
    // The fixture is JSON with a .yaml name: `concord breaking` must not care.
    const text = readFileSync(join(FIXTURES, "openapi", "ok-reformatted-reordered", "head", "openapi", "shop.yaml"), "utf8");
    const expected = yamlPositions(text);
    const locator = new JsonLocator(text);
    expect(expected.size).toBeGreaterThan(100);
    for (const [pointer, position] of expected) expect([pointer, locator.locate(parsePointer(pointer)!)]).toEqual([pointer, position]);
  });

  it("handles escapes, nesting and primitives on one line", () => {
    const locator = new JsonLocator('{"a": [1, {"b\\"/": true}],\n "c": null,\n "d": "x\\\\"}');
    expect(locator.locate(["a", "1", 'b"/'])).toEqual({ line: 1, column: 12 });
    expect(locator.locate(["c"])).toEqual({ line: 2, column: 2 });
    expect(locator.locate(["d"])).toEqual({ line: 3, column: 2 });
  });

  it("stops at the deepest node there is", () => {
    const locator = new JsonLocator('{\n  "a": {\n    "b": [10, 20]\n  }\n}');
    expect(locator.locate(["a", "b", "7"])).toEqual({ line: 3, column: 5 });
    expect(locator.locate(["a", "nope", "b"])).toEqual({ line: 2, column: 3 });
    expect(locator.locate([])).toEqual({ line: 1, column: 1 });
    expect(locator.locate(["a", "b", "1"])).toEqual({ line: 3, column: 15 });
  });
});

describe("jsonDuplicateKeys", () => {
  it("finds each repeated key with the offset of both, at any depth", () => {
    const text = '{"a": 1, "b": {"x": [ {"k": 1, "k": 2} ], "x": 0}, "a": 3}';
    const duplicates = jsonDuplicateKeys(text, JSON.parse(text));
    expect(duplicates.map((d) => [d.key, text.slice(d.at, d.at + 3), d.first < d.at])).toEqual([
      ["k", '"k"', true],
      ["x", '"x"', true],
      ["a", '"a"', true],
    ]);
  });

  it("finds none in a text without repeats, strings that look like keys included", () => {
    const text = '{"a": "b\\": c", "list": ["x", "x"], "o": {"a": 1}}';
    expect(jsonDuplicateKeys(text, JSON.parse(text))).toEqual([]);
  });
});
