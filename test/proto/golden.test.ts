import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../generator/src/core/generated-file.js";
import { loadProtos } from "../../generator/src/proto/load.js";
import { buildModel } from "../../generator/src/proto/model.js";
import { runConcordPlugin } from "../../generator/src/proto/plugin.js";
import { expectGolden } from "../support/golden.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const golden = join(repo, "test/golden/proto");

/** Each case: a contracts folder, and the expected output of Concord's own proto emitters. */
const cases = [
  { name: "contracts", input: join(repo, "contracts/proto") },
  { name: "edge", input: join(golden, "edge/input") },
];

async function emitConcordFiles(input: string): Promise<GeneratedFile[]> {
  const model = buildModel(await loadProtos(input));
  return runConcordPlugin(model.request).file.map((file) => ({ path: file.name, content: file.content }));
}

describe("golden files of the proto client and server emitters (UPDATE_GOLDEN=1 rewrites)", () => {
  for (const testCase of cases) {
    it(`${testCase.name}: output matches test/golden/proto/${testCase.name}/expected byte for byte`, async () => {
      await expectGolden(await emitConcordFiles(testCase.input), join(golden, testCase.name, "expected"));
    });
  }

  it("is deterministic: the same contracts give the same bytes", async () => {
    const [first, second] = await Promise.all([emitConcordFiles(cases[1]!.input), emitConcordFiles(cases[1]!.input)]);
    expect(second).toEqual(first);
  });
});
