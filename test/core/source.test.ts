import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContractError } from "../../generator/src/core/contract-error.js";
import { isAsyncApiDocument, isOpenApiDocument, readContractFolder } from "../../generator/src/source/contract-folder.js";
import { listContractFiles } from "../../generator/src/source/list-files.js";
import { parseSource } from "../../generator/src/source/read.js";
import { checkRefs, followRefs, locateTarget } from "../../generator/src/source/refs.js";
import { SourceSet } from "../../generator/src/source/source-set.js";

function refused(text: string, file: string): unknown[] {
  try {
    parseSource(text, file);
  } catch (error) {
    if (error instanceof ContractError) return error.problems.map(({ file: _file, ...p }) => p);
    throw error;
  }
  return [];
}

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "concord-source-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

describe("parseSource", () => {
  it("reads YAML with merge keys and aliases, and JSON with a byte order mark", () => {
    expect(parseSource("base: &b { x: 1 }\nobj:\n  <<: *b\n  y: 2\n", "a.yaml").data).toEqual({ base: { x: 1 }, obj: { x: 1, y: 2 } });
    expect(parseSource('\uFEFF{"a": 1}', "a.json").data).toEqual({ a: 1 });
  });

  it("refuses a key given twice, in YAML and in JSON, where the second one is", () => {
    const expected = [{ line: 3, column: 3, rule: "duplicate-key", message: 'key "b" is given twice in one mapping (first on line 2)' }];
    expect(refused("a:\n  b: 1\n  b: 2\n", "a.yaml")).toEqual(expected);
    expect(refused('{"a": {\n  "b": 1,\n  "b": 2}}', "a.json")).toEqual(expected);
    // A merge key is not a key of the mapping; a key that overrides a merged one is no repeat.
    expect(refused("base: &b { x: 1 }\nobj:\n  <<: *b\n  x: 2\n", "a.yaml")).toEqual([]);
  });

  it("gives JSON.parse's refusal a line when YAML reads the text", () => {
    expect(refused('{"a": 1,\n}', "a.json")).toEqual([{ line: 2, column: 1, rule: "json-syntax", message: expect.any(String) }]);
  });

  it("locates pointers and fragments in YAML and JSON alike", () => {
    for (const [text, file] of [
      ["a:\n  b/c:\n    - x\n    - y\n", "a.yaml"],
      ['{"a": {\n  "b/c": [\n    "x",\n    "y"]}}', "a.json"],
    ] as const) {
      const source = parseSource(text, file);
      expect(source.locate("/a/b~1c/1")?.line).toBe(4);
      expect(source.locate("#/a/b%7E1c/1")?.line).toBe(4);
      expect(source.locate("/a/missing")?.line).toBe(1);
      expect(source.locate("not a pointer")).toBeUndefined();
    }
  });
});

describe("listContractFiles and readContractFolder", () => {
  it("list every depth, sorted, without dot folders or node_modules", async () => {
    const dir = await folder({
      "b.yaml": "",
      "a/z.JSON": "{}",
      ".git/x.yaml": "",
      "node_modules/p/x.yaml": "",
      "a/.hidden.yml": "",
      "c.txt": "",
    });
    expect(listContractFiles(dir, [".yaml", ".yml", ".json"])).toEqual(["a/z.JSON", "b.yaml"]);
    expect(listContractFiles(join(dir, "missing"), [".yaml"])).toEqual([]);
  });

  it("tell documents from fragments the same way for every command", async () => {
    const dir = await folder({
      "top.yaml": "components: {}\n",
      "sub/doc.yaml": "openapi: 3.1.0\n",
      "sub/frag.yaml": "Item: {}\n",
      "sub/bad.yaml": "a: [\n",
    });
    const read = readContractFolder(dir, isOpenApiDocument);
    expect(read.documents.map((d) => d.relativePath)).toEqual(["sub/doc.yaml", "top.yaml"]);
    expect(read.problems.map((p) => p.rule)).toEqual(["yaml-syntax"]);
    expect(readContractFolder(dir, isAsyncApiDocument).documents).toEqual([]);
  });
});

describe("checkRefs and followRefs", () => {
  it("follow a pointer through a $ref it passes on the way, into another file", async () => {
    const dir = await folder({
      "doc.yaml": "channels:\n  orders: { $ref: './common.yaml#/orders' }\nops:\n  send: { $ref: '#/channels/orders/messages/Created' }\n",
      "common.yaml": "orders:\n  messages:\n    Created: { payload: { type: string } }\n",
    });
    const set = new SourceSet();
    const found = locateTarget(set, { path: join(dir, "doc.yaml"), tokens: ["channels", "orders", "messages", "Created"] });
    expect(found).toEqual({
      path: join(dir, "common.yaml"),
      tokens: ["orders", "messages", "Created"],
      node: { payload: { type: "string" } },
    });
    expect(checkRefs(set, join(dir, "doc.yaml"))).toEqual({ problems: [], hasExternal: true, anchored: false, complete: true });
    const doc = set.get(join(dir, "doc.yaml")).data as { ops: { send: unknown } };
    expect(followRefs(set, { node: doc.ops.send, file: join(dir, "doc.yaml") }).file).toBe(join(dir, "common.yaml"));
  });

  it("check only the parts of another file that are used, and leave URLs alone", async () => {
    const dir = await folder({
      "doc.yaml": "a: { $ref: './lib.yaml#/Used' }\nb: { $ref: 'https://example.com/x.yaml#/X' }\n",
      "lib.yaml": "Used: { type: string }\nUnused: { $ref: '#/Nowhere' }\n",
    });
    expect(checkRefs(new SourceSet(), join(dir, "doc.yaml"))).toEqual({ problems: [], hasExternal: true, anchored: false, complete: true });
  });

  it("report a cycle of $refs once, at the $ref that enters it", async () => {
    const dir = await folder({ "doc.yaml": "use: { $ref: '#/A' }\nA: { $ref: '#/B' }\nB: { $ref: '#/A' }\n" });
    const { problems } = checkRefs(new SourceSet(), join(dir, "doc.yaml"));
    expect(problems.map((p) => [p.path, p.line, p.rule])).toEqual([["/use/$ref", 1, "ref-unresolved"]]);
    expect(() => followRefs(new SourceSet(), { node: { $ref: "#/A" }, file: join(dir, "doc.yaml") })).toThrow(/cycle/);
  });
});
