/**
 * Documents that are invalid on purpose (test/corpus/invalid/<kind>/): `concord generate` exits 3,
 * writes nothing, and names the file with a line (or the JSON pointer where the tool that found
 * the problem gives no line) and the rule.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const INVALID = join(import.meta.dirname, "invalid");
const scratch = await mkdtemp(join(tmpdir(), "concord-invalid-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** What each document must be refused with: its rule, and where (`:line` or ` at /pointer`). */
const EXPECTED: Record<string, { rule: string; at: RegExp }> = {
  "openapi/missing-info.yaml": { rule: "openapi-schema", at: /missing-info\.yaml:1\b/ },
  "openapi/missing-component.yaml": { rule: "ref-unresolved", at: /missing-component\.yaml:12\b/ },
  "openapi/duplicate-key.yaml": { rule: "duplicate-key", at: /duplicate-key\.yaml:9\b/ },
  "openapi/bad-pattern.yaml": { rule: "schema-not-compilable", at: /bad-pattern\.yaml at \/components\/schemas\/Code/ },
  "asyncapi/missing-message.yaml": { rule: "ref-unresolved", at: /missing-message\.yaml:7\b/ },
  "asyncapi/raml-payload.yaml": {
    rule: "asyncapi-schema-format",
    at: /raml-payload\.yaml at channel orders\.created \/ message OrderCreated/,
  },
  "asyncapi/object-correlation-id.yaml": {
    rule: "asyncapi-correlation-id",
    at: /object-correlation-id\.yaml at channel orders\.created \/ message OrderCreated/,
  },
  "proto/syntax-error.proto": { rule: "proto-compile/compile", at: /syntax-error\.proto:6:3/ },
  "proto/unknown-type.proto": { rule: "proto-compile/compile", at: /unknown-type\.proto:6:3/ },
};

describe("deliberately invalid documents", async () => {
  const documents = (
    await Promise.all(["openapi", "asyncapi", "proto"].map(async (kind) => (await readdir(join(INVALID, kind))).map((f) => `${kind}/${f}`)))
  ).flat();

  it("are all listed", () => {
    expect(documents.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(documents)("%s: exit 3, located, with its rule, nothing written", async (document) => {
    const [kind, file] = document.split("/") as [string, string];
    const contracts = join(scratch, document.replace(/[/.]/g, "-"), "contracts");
    await mkdir(join(contracts, kind), { recursive: true });
    await copyFile(join(INVALID, document), join(contracts, kind, file));
    const out = join(contracts, "..", "generated");
    const { code, err } = await runCli("generate", "--contracts", contracts, "--out", out);
    const expected = EXPECTED[document]!;
    expect(code, err).toBe(3);
    expect(err).toContain(`[${expected.rule}]`);
    expect(err).toMatch(expected.at);
    await expect(readdir(out)).rejects.toThrow();
  });
});
