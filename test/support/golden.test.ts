import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectGolden, readFiles } from "./golden.js";

describe("expectGolden", () => {
  let dir: string;
  const before = process.env.UPDATE_GOLDEN;

  beforeEach(async () => {
    delete process.env.UPDATE_GOLDEN;
    dir = await mkdtemp(join(tmpdir(), "concord-golden-"));
    await mkdir(join(dir, "a"), { recursive: true });
    await writeFile(join(dir, "a/same.ts"), "one\n");
    await writeFile(join(dir, "a/changed.ts"), "one\ntwo\nthree\n");
    await writeFile(join(dir, "gone.ts"), "x\n");
  });

  afterEach(async () => {
    if (before === undefined) delete process.env.UPDATE_GOLDEN;
    else process.env.UPDATE_GOLDEN = before;
    await rm(dir, { recursive: true, force: true });
  });

  const produced = [
    { path: "a/same.ts", content: "one\n" },
    { path: "a/changed.ts", content: "one\n2\nthree\n" },
    { path: "new.ts", content: "y\n" },
  ];

  it("passes on the same files, in any order", async () => {
    await expectGolden([...(await readFiles(dir))].reverse(), dir);
  });

  it("names every missing, extra and changed file", async () => {
    const error = await expectGolden(produced, dir).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).toContain("3 file(s) differ from");
    expect(error?.message).toContain("missing: gone.ts");
    expect(error?.message).toContain("extra:   new.ts");
    expect(error?.message).toContain("changed: a/changed.ts (first difference on line 2)");
    expect(error?.message).toContain("UPDATE_GOLDEN=1 rewrites it");
  });

  it("rewrites the folder with UPDATE_GOLDEN=1, unless told it may not", async () => {
    process.env.UPDATE_GOLDEN = "1";
    await expect(expectGolden(produced, dir, { rewrite: false })).rejects.toThrow("3 file(s) differ");
    await expectGolden(produced, dir);
    expect(await readFiles(dir)).toEqual([...produced].sort((a, b) => a.path.localeCompare(b.path)));
  });
});
