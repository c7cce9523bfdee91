import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Io } from "../../cli/src/io.js";
import { main } from "../../cli/src/main.js";

const VALID_HEAD = `openapi: 3.1.0
info:
  title: Bad
  version: "1"
paths:
`;

/** A contracts folder holding one OpenAPI file, and an output folder with one file in it already. */
async function workspace(files: Record<string, string>): Promise<{ contracts: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), "concord-openapi-bad-"));
  const contracts = join(dir, "contracts");
  await mkdir(join(contracts, "openapi"), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(contracts, "openapi", name), text);
  const out = join(dir, "generated");
  await mkdir(out);
  await writeFile(join(out, "keep.txt"), "old output\n");
  return { contracts, out };
}

async function generate(contracts: string, out: string) {
  const err: string[] = [];
  const io: Io = { out: () => {}, err: (line) => err.push(line), exitCode: 0 };
  const code = await main(["node", "concord", "generate", "--contracts", contracts, "--out", out], io);
  return { code, err: err.join("\n") };
}

async function expectFailure(files: Record<string, string>, pattern: RegExp): Promise<string> {
  const { contracts, out } = await workspace(files);
  const { code, err } = await generate(contracts, out);
  expect(code).toBe(3);
  expect(err).toMatch(pattern);
  expect(await readFile(join(out, "keep.txt"), "utf8")).toBe("old output\n");
  return err;
}

describe("OpenAPI loader on bad contracts (via `concord generate`)", () => {
  it("reports malformed YAML with file and line, exit 3, output untouched", async () => {
    const err = await expectFailure(
      { "shop.yaml": `${VALID_HEAD}  /a:\n    get: [unclosed\n    responses: {}\n` },
      /openapi\/shop\.yaml:\d+:\d+: .*\[yaml-syntax\]/,
    );
    expect(Number(/shop\.yaml:(\d+)/.exec(err)![1])).toBeGreaterThanOrEqual(7);
  });

  it("reports an invalid document at the line of the offending node", async () => {
    const text = `${VALID_HEAD}  /a:\n    get:\n      parameters:\n        - name: q\n          in: querystring\n          schema: { type: string }\n      responses:\n        "200": { description: ok }\n`;
    const err = await expectFailure(
      { "shop.yaml": text },
      /shop\.yaml:10:\d+ at \/paths\/~1a\/get\/parameters\/0\/in: .*query.*\[openapi-schema\]/,
    );
    expect(err).toContain("must be equal to one of the allowed values");
  });

  it("reports a missing required field (info.version)", async () => {
    await expectFailure(
      { "shop.yaml": "openapi: 3.0.3\ninfo:\n  title: No version\npaths: {}\n" },
      /shop\.yaml:2:1 at \/info: must have required property 'version' \[openapi-schema\]/,
    );
  });

  it("reports an unresolvable local $ref at the line of the $ref", async () => {
    const text = `${VALID_HEAD}  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: "#/components/schemas/Nope"\n`;
    await expectFailure({ "shop.yaml": text }, /shop\.yaml:14:\d+ .*"#\/components\/schemas\/Nope" points at nothing.*\[ref-unresolved\]/);
  });

  it("reports a $ref to a file that is not there", async () => {
    const text = `${VALID_HEAD}  /a:\n    get:\n      parameters:\n        - $ref: "./common/params.yaml#/Id"\n      responses:\n        "200": { description: ok }\n`;
    await expectFailure({ "shop.yaml": text }, /shop\.yaml:9:\d+ .*names a file that does not exist.*\[ref-unresolved\]/);
  });

  it("reports a path parameter the operation never declares", async () => {
    const text = `${VALID_HEAD}  /a/{id}:\n    get:\n      responses:\n        "200": { description: ok }\n`;
    await expectFailure({ "shop.yaml": text }, /shop\.yaml:7:\d+ .*"id".*\[path-parameter-undeclared\]/);
  });

  it("reports malformed JSON with a line", async () => {
    await expectFailure(
      { "shop.json": '{\n  "openapi": "3.1.0",\n  "info": {\n    "title": "x",,\n  }\n}\n' },
      /shop\.json:4:\d+: .*\[yaml-syntax\]/,
    );
  });

  it("reports every bad file of the folder in one run", async () => {
    const err = await expectFailure({ "a.yaml": "openapi: 3.1.0\ninfo: {}\npaths: {}\n", "b.yaml": "openapi: [\n" }, /a\.yaml:2:1/);
    expect(err).toMatch(/b\.yaml:\d+/);
  });

  it("rejects a Swagger 2.0 document with the supported versions", async () => {
    await expectFailure(
      { "old.yaml": 'swagger: "2.0"\ninfo: { title: x, version: "1" }\npaths: {}\n' },
      /old\.yaml.*3\.0\.x, 3\.1\.x and 3\.2\.x are supported \[openapi-version\]/,
    );
  });
});
