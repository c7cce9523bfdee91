import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../generator/src/core/generated-file.js";
import { emitClient } from "../../generator/src/proto/emit-client.js";
import { emitServer } from "../../generator/src/proto/emit-server.js";
import { loadProtos } from "../../generator/src/proto/load.js";
import { buildModel } from "../../generator/src/proto/model.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const golden = join(repo, "test/golden/proto");
const update = process.env.UPDATE_GOLDEN === "1";

/** Each case: a contracts folder, and the expected output of Concord's own proto emitters. */
const cases = [
  { name: "contracts", input: join(repo, "contracts/proto") },
  { name: "edge", input: join(golden, "edge/input") },
];

async function emitConcordFiles(input: string): Promise<GeneratedFile[]> {
  const model = buildModel(await loadProtos(input));
  return model.services.flatMap((service) => [emitClient(service), emitServer(service)]);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe("golden files of the proto client and server emitters (UPDATE_GOLDEN=1 rewrites)", () => {
  for (const testCase of cases) {
    it(`${testCase.name}: output matches test/golden/proto/${testCase.name}/expected byte for byte`, async () => {
      const files = await emitConcordFiles(testCase.input);
      const expectedDir = join(golden, testCase.name, "expected");
      if (update) {
        await rm(expectedDir, { recursive: true, force: true });
        for (const file of files) {
          await mkdir(dirname(join(expectedDir, file.path)), { recursive: true });
          await writeFile(join(expectedDir, file.path), file.content);
        }
      }
      expect(files.map((f) => f.path).sort()).toEqual(await listFiles(expectedDir));
      for (const file of files) {
        expect(file.content, file.path).toBe(await readFile(join(expectedDir, file.path), "utf8"));
      }
    });
  }

  it("is deterministic: the same contracts give the same bytes", async () => {
    const [first, second] = await Promise.all([emitConcordFiles(cases[1]!.input), emitConcordFiles(cases[1]!.input)]);
    expect(second).toEqual(first);
  });
});
