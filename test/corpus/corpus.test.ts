/**
 * Public contracts no one here wrote (test/corpus/<kind>/SOURCES.md): each document alone through
 * `generate`, then every output of a kind under one `tsc --strict`. A document is refused only
 * where REFUSED says so, with that rule and a message that names the file and a line or pointer.
 */
import { copyFile, cp, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContractError } from "../../generator/src/core/contract-error.js";
import { writeOutput } from "../../generator/src/core/write-output.js";
import { generate } from "../../generator/src/generate.js";
import { typecheck } from "../support/typecheck.js";

const ROOT = resolve(import.meta.dirname, "../..");

interface Corpus {
  kind: "asyncapi" | "openapi" | "proto";
  atLeast: number;
  /** Documents Concord refuses (path below the kind's folder), with the rule and why. */
  refused: Record<string, { rule: string; why: string }>;
}

const CORPORA: Corpus[] = [
  {
    kind: "asyncapi",
    atLeast: 60,
    refused: {
      "3.0/adeo-kafka-request-reply-asyncapi.yml": {
        rule: "asyncapi-document-resolved",
        why: "the AsyncAPI parser itself refuses this version of the example (a message binding's key fits two oneOf branches)",
      },
    },
  },
  { kind: "openapi", atLeast: 40, refused: {} },
  // A proto "document" is a module: a folder of .proto files that import each other.
  { kind: "proto", atLeast: 3, refused: {} },
];

let scratch: string;
beforeAll(async () => {
  await mkdir(join(ROOT, ".tmp"), { recursive: true });
  scratch = await mkdtemp(join(ROOT, ".tmp", "corpus-"));
});
afterAll(async () => rm(scratch, { recursive: true, force: true }));

async function documentsOf(kind: Corpus["kind"], folder: string): Promise<string[]> {
  if (kind === "proto")
    return (await readdir(folder, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .sort();
}

describe.each(CORPORA)("the $kind corpus", ({ kind, atLeast, refused }) => {
  it("every document generates, or is refused as listed with a located message; all output passes tsc --strict", async () => {
    const folder = join(import.meta.dirname, kind);
    const documents = await documentsOf(kind, folder);
    expect(documents.length).toBeGreaterThanOrEqual(atLeast);
    const outcomes: string[] = [];
    for (const document of documents) {
      const name = document.replace(/[/.]/g, "-");
      const file = document.split("/").pop()!;
      const contracts = join(scratch, kind, "contracts", name);
      await mkdir(join(contracts, kind), { recursive: true });
      if (kind === "proto") await cp(join(folder, document), join(contracts, kind), { recursive: true });
      else await copyFile(join(folder, document), join(contracts, kind, file));
      const expected = refused[document];
      try {
        await writeOutput(join(scratch, kind, "out", name), await generate(contracts));
        outcomes.push(`${document}: ${expected ? `generated, but expected ${expected.rule}` : "generated"}`);
      } catch (error) {
        if (!(error instanceof ContractError)) throw error;
        const problem = error.problems[0]!;
        const located = problem.file.endsWith(file) && (problem.line !== undefined || problem.path !== undefined);
        outcomes.push(`${document}: ${expected?.rule === problem.rule && located ? "refused as expected" : `refused: ${error.message}`}`);
      }
    }
    expect(outcomes).toEqual(documents.map((d) => `${d}: ${refused[d] ? "refused as expected" : "generated"}`));
    const result = await typecheck(join(scratch, kind, "out"));
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  }, 600_000);
});
