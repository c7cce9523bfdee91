import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

/**
 * `concord generate` and `concord breaking` read contracts through one reader (generator/src/source/):
 * a malformed contract is refused by both, with the same problems — file, line, column, rule — and
 * both see the same files. Each case writes a head tree; the baseline is a valid tree.
 */

const VALID_OPENAPI = `openapi: 3.1.0
info:
  title: Shop
  version: "1"
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "200":
          description: ok
`;

/** `VALID_OPENAPI` with a response of `schema` (YAML, indented for its place). */
function withSchema(schema: string, components = ""): string {
  return `${VALID_OPENAPI}          content:
            application/json:
              schema:
${schema}${components}`;
}

/** A head tree whose document's response schema is `{ $ref: ref }`, with `files` beside it. */
function refTo(ref: string, files: Record<string, string> = {}, components = ""): Record<string, string> {
  return { "openapi/shop.yaml": withSchema(`                $ref: "${ref}"\n`, components), ...files };
}

/** Where a problem about the `$ref` of `refTo` is: its line in shop.yaml. */
const AT_REF = { file: "openapi/shop.yaml", line: 15, column: 17, rule: "ref-unresolved" };

const VALID_PROTO = 'syntax = "proto3";\npackage shop.v1;\n\nmessage Cart {\n  string id = 1;\n}\n';
const BASE: Record<string, string> = { "openapi/shop.yaml": VALID_OPENAPI, "proto/shop/v1/cart.proto": VALID_PROTO };

async function tree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

/** A head tree (and a valid baseline) run through `generate` and `breaking`. */
async function both(head: Record<string, string>, base: Record<string, string> = BASE) {
  const root = await mkdtemp(join(tmpdir(), "concord-one-reading-"));
  await tree(join(root, "head"), head);
  await tree(join(root, "base"), base);
  const generate = await runCli("generate", "--contracts", join(root, "head"), "--out", join(root, "out"));
  const breaking = await runCli("breaking", "--contracts", join(root, "head"), "--against", join(root, "base"));
  return { root, generate, breaking };
}

/** The problem lines of a run that refused a contract: `file:line:column[ at pointer]: message [rule]`. */
function problems(err: string): string[] {
  return err.split("\n").filter((line) => /\[[a-z0-9/-]+\]$/.test(line));
}

interface Case {
  name: string;
  head: Record<string, string>;
  base?: Record<string, string>;
  /** Each problem both commands report: the file's path in the head tree, line, column, rule. */
  expected: { file: string; line: number; column: number; rule: string }[];
}

const CASES: Case[] = [
  {
    name: "a YAML key given twice",
    head: { "openapi/shop.yaml": VALID_OPENAPI.replace('  version: "1"\n', '  version: "1"\n  title: Again\n') },
    expected: [{ file: "openapi/shop.yaml", line: 5, column: 3, rule: "duplicate-key" }],
  },
  {
    name: "a JSON key given twice",
    head: {
      "openapi/shop.json":
        '{\n  "openapi": "3.1.0",\n  "info": { "title": "Shop", "version": "1" },\n  "paths": {},\n  "openapi": "3.1.1"\n}\n',
    },
    base: { "openapi/shop.json": '{ "openapi": "3.1.0", "info": { "title": "Shop", "version": "1" }, "paths": {} }\n' },
    expected: [{ file: "openapi/shop.json", line: 5, column: 3, rule: "duplicate-key" }],
  },
  {
    name: "YAML that does not parse",
    head: { "openapi/shop.yaml": `${VALID_OPENAPI}  /more: [unclosed\n` },
    expected: [{ file: "openapi/shop.yaml", line: 13, column: 1, rule: "yaml-syntax" }],
  },
  {
    name: "JSON that does not parse (nor as YAML)",
    head: { "openapi/shop.json": '{\n  "openapi": "3.1.0",\n  "info": {,\n}\n' },
    base: { "openapi/shop.json": '{ "openapi": "3.1.0", "info": { "title": "Shop", "version": "1" }, "paths": {} }\n' },
    expected: [
      { file: "openapi/shop.json", line: 3, column: 12, rule: "yaml-syntax" },
      { file: "openapi/shop.json", line: 5, column: 1, rule: "yaml-syntax" },
    ],
  },
  {
    name: "JSON that YAML reads but JSON.parse does not (a trailing comma)",
    head: { "openapi/shop.json": '{\n  "openapi": "3.1.0",\n  "info": { "title": "Shop", "version": "1" },\n  "paths": {},\n}\n' },
    base: { "openapi/shop.json": '{ "openapi": "3.1.0", "info": { "title": "Shop", "version": "1" }, "paths": {} }\n' },
    expected: [{ file: "openapi/shop.json", line: 5, column: 1, rule: "json-syntax" }],
  },
  {
    name: "a local $ref that points at nothing",
    head: refTo("#/components/schemas/Nope"),
    expected: [AT_REF],
  },
  {
    name: "a $ref whose fragment is no JSON pointer",
    head: refTo("#Item", {}, "components:\n  schemas:\n    Item: { type: string }\n"),
    expected: [AT_REF],
  },
  {
    name: "a $ref to a file that is not there",
    head: refTo("./common/schemas.yaml#/Item"),
    expected: [AT_REF],
  },
  {
    name: "a $ref to a pointer another file does not have",
    head: refTo("./common/schemas.yaml#/Nope", { "openapi/common/schemas.yaml": "Item:\n  type: string\n" }),
    expected: [AT_REF],
  },
  {
    name: "a $ref inside another file that points at nothing",
    head: refTo("./common/schemas.yaml#/Item", {
      "openapi/common/schemas.yaml": "Item:\n  type: object\n  properties:\n    tag:\n      $ref: '#/Tag'\n",
    }),
    expected: [{ file: "openapi/common/schemas.yaml", line: 5, column: 7, rule: "ref-unresolved" }],
  },
  {
    name: "a cycle of $refs that never reaches a schema",
    head: refTo(
      "#/components/schemas/A",
      {},
      "components:\n  schemas:\n    A: { $ref: '#/components/schemas/B' }\n    B: { $ref: '#/components/schemas/A' }\n",
    ),
    expected: [AT_REF],
  },
  {
    name: "a key given twice in a fragment a document uses",
    head: refTo("./common/schemas.yaml#/Item", { "openapi/common/schemas.yaml": "Item:\n  type: string\n  type: integer\n" }),
    expected: [{ file: "openapi/common/schemas.yaml", line: 3, column: 3, rule: "duplicate-key" }],
  },
  {
    name: "a fragment in a sub-folder that no document uses and that does not parse",
    head: { "openapi/shop.yaml": VALID_OPENAPI, "openapi/notes/draft.yaml": "a: [\n" },
    expected: [{ file: "openapi/notes/draft.yaml", line: 2, column: 1, rule: "yaml-syntax" }],
  },
  {
    name: "a document in a sub-folder with a key given twice",
    head: { "openapi/shop.yaml": VALID_OPENAPI, "openapi/admin/admin.yaml": VALID_OPENAPI.replace("paths:\n", "paths:\npaths:\n") },
    expected: [{ file: "openapi/admin/admin.yaml", line: 6, column: 1, rule: "duplicate-key" }],
  },
  {
    name: "an AsyncAPI document with a key given twice",
    head: { "asyncapi/orders.yaml": "asyncapi: 3.0.0\ninfo:\n  title: Orders\n  title: Again\n  version: '1'\n" },
    expected: [{ file: "asyncapi/orders.yaml", line: 4, column: 3, rule: "duplicate-key" }],
  },
  {
    name: "an AsyncAPI $ref into a file that does not have it",
    head: {
      "asyncapi/orders.yaml":
        "asyncapi: 3.0.0\ninfo:\n  title: Orders\n  version: '1'\nchannels:\n  orders:\n    $ref: './common/channels.yaml#/orders'\n",
      "asyncapi/common/channels.yaml": "payments:\n  address: payments\n",
    },
    expected: [{ file: "asyncapi/orders.yaml", line: 7, column: 5, rule: "ref-unresolved" }],
  },
];

describe("generate and breaking refuse the same malformed contracts, with the same problems", { timeout: 120_000 }, () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const { root, generate, breaking } = await both(c.head, c.base);
      expect(generate.code).toBe(3);
      expect(breaking.code).toBe(3);
      const expected = c.expected.map((e) => `${join(root, "head", e.file)}:${e.line}:${e.column}`);
      const fromGenerate = problems(generate.err);
      expect(fromGenerate.map((line) => /^(\S+:\d+:\d+)/.exec(line)?.[1])).toEqual(expected);
      expect(fromGenerate.map((line) => /\[([^\]]+)\]$/.exec(line)?.[1])).toEqual(c.expected.map((e) => e.rule));
      expect(problems(breaking.err)).toEqual(fromGenerate);
    });
  }

  it("a .proto that does not compile: the same rule, file, line and column", async () => {
    const { root, generate, breaking } = await both({
      "openapi/shop.yaml": VALID_OPENAPI,
      "proto/shop/v1/cart.proto": VALID_PROTO.replace("string id = 1;", "string id = 1"),
    });
    expect(generate.code).toBe(3);
    expect(breaking.code).toBe(3);
    const where = (err: string) => problems(err).map((line) => `${/^(\S+:\d+:\d+)/.exec(line)?.[1]} ${/\[([^\]]+)\]$/.exec(line)?.[1]}`);
    expect(where(generate.err)).toEqual([`${join(root, "head", "proto/shop/v1/cart.proto")}:6:1 proto-compile/compile`]);
    expect(where(breaking.err)).toEqual(where(generate.err));
  }, 120_000);
});

describe("generate and breaking see the same documents", { timeout: 120_000 }, () => {
  it("an OpenAPI document in a sub-folder is generated and compared; a fragment beside it is neither", async () => {
    const { root, generate, breaking } = await both(
      {
        "openapi/shop.yaml": VALID_OPENAPI,
        "openapi/admin/admin.yaml": withSchema('                $ref: "./schemas.yaml#/Report"\n'),
        "openapi/admin/schemas.yaml": "Report:\n  type: object\n",
      },
      { "openapi/shop.yaml": VALID_OPENAPI },
    );
    expect(generate.err).toBe("");
    expect(generate.code).toBe(0);
    expect((await readdir(join(root, "out", "openapi"))).sort()).toEqual(["admin", "shop"]);
    expect(breaking.code).toBe(0);
    const diff = await runCli("diff", "--contracts", join(root, "head"), "--against", join(root, "base"), "--format", "json");
    const files = (JSON.parse(diff.out) as { findings: { rule: string; file: string }[] }).findings.map((f) => `${f.rule} ${f.file}`);
    expect(files).toEqual(["contract-file-added openapi/admin/admin.yaml"]);
  });

  it("two OpenAPI documents that would generate into one folder are refused", async () => {
    const { root, generate } = await both({ "openapi/shop.yaml": VALID_OPENAPI, "openapi/v2/shop.yaml": VALID_OPENAPI });
    expect(generate.code).toBe(3);
    expect(problems(generate.err)).toEqual([
      `${join(root, "head", "openapi/v2/shop.yaml")}: generates into openapi/shop/, as ${join(root, "head", "openapi/shop.yaml")} does: rename one of them [openapi-name-taken]`,
    ]);
  });
});
