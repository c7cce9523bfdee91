/**
 * The AsyncAPI specification's own examples (2.6, 3.0, 3.1) and springwolf's generated documents
 * (test/corpus/asyncapi/SOURCES.md): each
 * document alone through `generate`, then every output under one `tsc --strict`. A document is
 * refused only where REFUSED says so, with the rule and a located message.
 */
import { mkdir, mkdtemp, readdir, rm, copyFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContractError } from "../../generator/src/core/contract-error.js";
import { writeOutput } from "../../generator/src/core/write-output.js";
import { generate } from "../../generator/src/generate.js";
import { typecheck } from "../support/typecheck.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CORPUS = join(import.meta.dirname, "asyncapi");

/** Documents Concord refuses, and why. */
const REFUSED: Record<string, { rule: string; why: string }> = {
  "3.0/adeo-kafka-request-reply-asyncapi.yml": {
    rule: "asyncapi-document-resolved",
    why: "the AsyncAPI parser itself refuses this version of the example (a message binding's key fits two oneOf branches)",
  },
  "3.0/kraken-websocket-request-reply-message-filter-in-reply-asyncapi.yml": {
    rule: "asyncapi-reply",
    why: "open: a reply of two messages",
  },
  "3.0/kraken-websocket-request-reply-multiple-channels-asyncapi.yml": { rule: "asyncapi-reply", why: "open: a reply of two messages" },
  "3.1/kraken-websocket-request-reply-message-filter-in-reply-asyncapi.yml": {
    rule: "asyncapi-reply",
    why: "open: a reply of two messages",
  },
  "3.1/kraken-websocket-request-reply-multiple-channels-asyncapi.yml": { rule: "asyncapi-reply", why: "open: a reply of two messages" },
};

const documents: string[] = [];
let scratch: string;

beforeAll(async () => {
  for (const version of (await readdir(CORPUS, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    for (const file of (await readdir(join(CORPUS, version))).filter((f) => /\.(ya?ml|json)$/.test(f)).sort())
      documents.push(`${version}/${file}`);
  }
  await mkdir(join(ROOT, ".tmp"), { recursive: true });
  scratch = await mkdtemp(join(ROOT, ".tmp", "corpus-asyncapi-"));
});
afterAll(async () => rm(scratch, { recursive: true, force: true }));

describe("the AsyncAPI specification's examples", () => {
  it("every document generates, or is refused as REFUSED says with file, line or pointer; all output passes tsc --strict", async () => {
    expect(documents.length).toBeGreaterThanOrEqual(60);
    const outcomes: string[] = [];
    for (const document of documents) {
      const name = document.replace(/[/.]/g, "-");
      const contracts = join(scratch, "contracts", name);
      await mkdir(join(contracts, "asyncapi"), { recursive: true });
      await copyFile(join(CORPUS, document), join(contracts, "asyncapi", document.split("/")[1]!));
      const refused = REFUSED[document];
      try {
        const files = await generate(contracts);
        await writeOutput(join(scratch, "out", name), files);
        outcomes.push(`${document}: ${refused ? `generated, but REFUSED expects ${refused.rule}` : "generated"}`);
      } catch (error) {
        if (!(error instanceof ContractError)) throw error;
        const problem = error.problems[0]!;
        const located = problem.file.endsWith(document.split("/")[1]!) && (problem.line !== undefined || problem.path !== undefined);
        outcomes.push(
          `${document}: ${refused?.rule === problem.rule && located ? "refused as expected" : `refused: ${problem.rule}: ${problem.message}`}`,
        );
      }
    }
    const expected = documents.map((d) => `${d}: ${REFUSED[d] ? "refused as expected" : "generated"}`);
    expect(outcomes).toEqual(expected);
    const result = await typecheck(join(scratch, "out"));
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  }, 300_000);
});
