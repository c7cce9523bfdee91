import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli as run } from "../support/cli.js";
import { CONCORD_VERSION } from "../../generator/src/core/version.js";

describe("concord CLI", () => {
  it("prints its version on the program and on every command", async () => {
    expect(await run("--version")).toMatchObject({ code: 0, out: CONCORD_VERSION });
    expect(await run("generate", "--version")).toMatchObject({ code: 0, out: CONCORD_VERSION });
  });

  it("documents generate's options in --help", async () => {
    const { code, out } = await run("generate", "--help");
    expect(code).toBe(0);
    expect(out).toContain("--contracts <dir>");
    expect(out).toContain("--out <dir>");
    expect(out).toContain("--check");
    expect(out).toContain("--watch");
  });

  it("exits 2 on an unknown option", async () => {
    const { code, err } = await run("generate", "--bogus");
    expect(code).toBe(2);
    expect(err).toContain("unknown option '--bogus'");
  });

  it("exits 3 naming the folder when the contracts folder is missing, and writes nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "concord-cli-"));
    const out = join(dir, "generated");
    const { code, err } = await run("generate", "--contracts", join(dir, "nope"), "--out", out);
    expect(code).toBe(3);
    expect(err).toContain(join(dir, "nope"));
    expect(err).toContain("contracts-folder-missing");
    await expect(readFile(join(out, "x"))).rejects.toThrow();
  });

  it("--check on an empty contracts folder passes against an empty output and fails against a stray file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "concord-cli-"));
    const out = join(dir, "generated");
    expect((await run("generate", "--contracts", dir, "--out", out, "--check")).code).toBe(0);
    expect((await run("generate", "--contracts", dir, "--out", out)).code).toBe(0);
    await writeFile(join(out, "stray.ts"), "");
    const stale = await run("generate", "--contracts", dir, "--out", out, "--check");
    expect(stale.code).toBe(1);
    expect(stale.err).toContain("stray.ts");
  });
});
