import { mkdtemp, mkdir, readFile, readdir, writeFile, chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findStaleFiles, isClean, writeOutput } from "../../generator/src/core/write-output.js";

async function tree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[full.slice(root.length + 1)] = await readFile(full, "utf8");
  }
  return out;
}

describe("writeOutput", () => {
  it("replaces the folder with exactly the given files and leaves no staging folder behind", async () => {
    const parent = await mkdtemp(join(tmpdir(), "concord-write-"));
    const out = join(parent, "generated");
    await mkdir(join(out, "old"), { recursive: true });
    await writeFile(join(out, "old", "gone.ts"), "stale");
    await writeOutput(out, [
      { path: "openapi/a.ts", content: "a" },
      { path: "proto/b/c.ts", content: "c" },
    ]);
    expect(await tree(out)).toEqual({ "openapi/a.ts": "a", "proto/b/c.ts": "c" });
    expect(await readdir(parent)).toEqual(["generated"]);
  });

  it("leaves the old folder untouched when writing fails", async () => {
    const parent = await mkdtemp(join(tmpdir(), "concord-write-"));
    const out = join(parent, "generated");
    await mkdir(out);
    await writeFile(join(out, "keep.ts"), "keep");
    // A file and a folder of the same name cannot both be written.
    const clash = [
      { path: "x", content: "file" },
      { path: "x/y.ts", content: "under a file" },
    ];
    await expect(writeOutput(out, clash)).rejects.toThrow();
    expect(await tree(out)).toEqual({ "keep.ts": "keep" });
    expect(await readdir(parent)).toEqual(["generated"]);
  });

  it("fails without touching anything when the parent is not writable", async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; the clash test above covers the failure path
    const parent = await mkdtemp(join(tmpdir(), "concord-write-"));
    await chmod(parent, 0o500);
    await expect(writeOutput(join(parent, "generated"), [{ path: "a", content: "a" }])).rejects.toThrow();
  });
});

describe("findStaleFiles", () => {
  it("reports missing, changed and extra files", async () => {
    const out = await mkdtemp(join(tmpdir(), "concord-stale-"));
    await writeFile(join(out, "same.ts"), "same");
    await writeFile(join(out, "changed.ts"), "old");
    await writeFile(join(out, "extra.ts"), "extra");
    const files = [
      { path: "same.ts", content: "same" },
      { path: "changed.ts", content: "new" },
      { path: "missing.ts", content: "missing" },
    ];
    const report = await findStaleFiles(out, files);
    expect(report).toEqual({ missing: ["missing.ts"], changed: ["changed.ts"], extra: ["extra.ts"] });
    expect(isClean(report)).toBe(false);
    expect(isClean(await findStaleFiles(out, [
      { path: "same.ts", content: "same" },
      { path: "changed.ts", content: "old" },
      { path: "extra.ts", content: "extra" },
    ]))).toBe(true);
  });

  it("treats a folder that does not exist as having every file missing", async () => {
    const report = await findStaleFiles(join(tmpdir(), "concord-does-not-exist"), [{ path: "a", content: "" }]);
    expect(report.missing).toEqual(["a"]);
  });
});
