import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli as run } from "../support/cli.js";

async function contractsWith(proto: string): Promise<{ contracts: string; file: string }> {
  const contracts = await mkdtemp(join(tmpdir(), "concord-lint-"));
  await mkdir(join(contracts, "proto", "shop", "v1"), { recursive: true });
  const file = join(contracts, "proto", "shop", "v1", "shop.proto");
  await writeFile(file, proto);
  return { contracts, file };
}

const sloppy = 'syntax = "proto3";\npackage shop.v1;\n\nmessage cart { string ItemID = 1; }\n';

describe("concord lint", () => {
  it("finds nothing in the project's own contracts", async () => {
    const { code, out } = await run("lint");
    expect(out).toContain("no findings");
    expect(code).toBe(0);
  });

  it("reports buf's style findings with file, line, column and rule, and exits 1", async () => {
    const { contracts, file } = await contractsWith(sloppy);
    const { code, out } = await run("lint", "--contracts", contracts);
    expect(code).toBe(1);
    expect(out).toContain(":4:9: ");
    expect(out).toContain("[MESSAGE_PASCAL_CASE]");
    expect(out).toContain("[FIELD_LOWER_SNAKE_CASE]");
    expect(out).toContain("shop.proto");
    expect(file).toContain("shop.proto");
  });

  it("--format json and --format github; --exit-zero keeps CI green", async () => {
    const { contracts } = await contractsWith(sloppy);
    const json = await run("lint", "--contracts", contracts, "--format", "json", "--exit-zero");
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as { findings: { rule: string; line: number }[] };
    expect(parsed.findings.map((f) => f.rule)).toContain("MESSAGE_PASCAL_CASE");
    const github = await run("lint", "--contracts", contracts, "--format", "github");
    expect(github.out).toMatch(/^::warning file=.*shop\.proto,line=4,col=9,title=MESSAGE_PASCAL_CASE::/m);
  });

  it("a proto that does not compile is exit 3 with file and line, as in generate", async () => {
    const { contracts, file } = await contractsWith('syntax = "proto3";\npackage shop.v1;\nmessage Cart {\n');
    const { code, err } = await run("lint", "--contracts", contracts);
    expect(code).toBe(3);
    expect(err).toContain(`${file}:`);
  });
});
