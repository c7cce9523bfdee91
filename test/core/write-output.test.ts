import { mkdtemp, mkdir, readFile, readdir, stat, utimes, writeFile, chmod } from "node:fs/promises";
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

  it("rewrites only what changed: unchanged files keep their inode and mtime, extras and the folders they empty go", async () => {
    const parent = await mkdtemp(join(tmpdir(), "concord-write-"));
    const out = join(parent, "generated");
    await writeOutput(out, [
      { path: "openapi/same.ts", content: "same" },
      { path: "openapi/changed.ts", content: "old" },
      { path: "proto/gone/x.ts", content: "gone" },
      { path: "proto/kept.ts", content: "kept" },
    ]);
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000); // whole seconds: mtimeMs is exact
    for (const path of ["openapi/same.ts", "openapi/changed.ts", "proto/kept.ts"]) await utimes(join(out, path), past, past);
    const before = await stat(join(out, "openapi/same.ts"));

    const report = await writeOutput(out, [
      { path: "asyncapi/new.ts", content: "new" },
      { path: "openapi/changed.ts", content: "new" },
      { path: "openapi/same.ts", content: "same" },
      { path: "proto/kept.ts", content: "kept" },
    ]);
    expect(report).toEqual({
      created: ["asyncapi/new.ts"],
      changed: ["openapi/changed.ts"],
      removed: ["proto/gone/x.ts"],
      unchanged: ["openapi/same.ts", "proto/kept.ts"],
    });
    expect(await tree(out)).toEqual({
      "asyncapi/new.ts": "new",
      "openapi/changed.ts": "new",
      "openapi/same.ts": "same",
      "proto/kept.ts": "kept",
    });
    const same = await stat(join(out, "openapi/same.ts"));
    expect(same.ino).toBe(before.ino);
    expect(same.mtimeMs).toBe(past.getTime());
    expect((await stat(join(out, "proto/kept.ts"))).mtimeMs).toBe(past.getTime());
    expect((await stat(join(out, "openapi/changed.ts"))).mtimeMs).toBeGreaterThan(past.getTime());
    expect((await readdir(join(out, "proto"))).sort()).toEqual(["kept.ts"]);
    expect(await readdir(parent)).toEqual(["generated"]);

    // Nothing to do: nothing is touched, not even the folder.
    const outBefore = await stat(out);
    expect(
      (
        await writeOutput(out, [
          { path: "asyncapi/new.ts", content: "new" },
          { path: "openapi/changed.ts", content: "new" },
          { path: "openapi/same.ts", content: "same" },
          { path: "proto/kept.ts", content: "kept" },
        ])
      ).unchanged,
    ).toHaveLength(4);
    expect((await stat(join(out, "openapi/same.ts"))).mtimeMs).toBe(past.getTime());
    expect((await stat(out)).ino).toBe(outBefore.ino);
  });

  it("turns a folder into a file and a file into a folder", async () => {
    const parent = await mkdtemp(join(tmpdir(), "concord-write-"));
    const out = join(parent, "generated");
    await writeOutput(out, [
      { path: "a/b.ts", content: "b" },
      { path: "c", content: "c" },
    ]);
    const report = await writeOutput(out, [
      { path: "a", content: "a" },
      { path: "c/d.ts", content: "d" },
    ]);
    expect(await tree(out)).toEqual({ a: "a", "c/d.ts": "d" });
    expect(report.removed).toEqual(["a/b.ts", "c"]);
    expect(await readdir(parent)).toEqual(["generated"]);
  });

  it("puts every file back when a rename into place fails half-way", async () => {
    const parent = await mkdtemp(join(tmpdir(), "concord-write-"));
    const out = join(parent, "generated");
    await writeOutput(out, [
      { path: "a.ts", content: "old a" },
      { path: "x/old.ts", content: "old x" },
    ]);
    // Sorted after the others; staged under a short name, its own name is too long for the file system.
    const tooLong = `z${"z".repeat(300)}.ts`;
    await expect(
      writeOutput(out, [
        { path: "a.ts", content: "new a" },
        { path: "b.ts", content: "new b" },
        { path: "x", content: "a file where a folder was" },
        { path: tooLong, content: "never" },
      ]),
    ).rejects.toThrow(/ENAMETOOLONG/);
    expect(await tree(out)).toEqual({ "a.ts": "old a", "x/old.ts": "old x" });
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
    expect(
      isClean(
        await findStaleFiles(out, [
          { path: "same.ts", content: "same" },
          { path: "changed.ts", content: "old" },
          { path: "extra.ts", content: "extra" },
        ]),
      ),
    ).toBe(true);
  });

  it("treats a folder that does not exist as having every file missing", async () => {
    const report = await findStaleFiles(join(tmpdir(), "concord-does-not-exist"), [{ path: "a", content: "" }]);
    expect(report.missing).toEqual(["a"]);
  });
});
