import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;
const runtimePackage = JSON.parse(readFileSync(join(ROOT, "runtime/package.json"), "utf8")) as {
  exports: Record<string, unknown>;
  peerDependencies: Record<string, string>;
};
const entries = new Set(
  Object.keys(runtimePackage.exports).map((key) => (key === "." ? "@concordkit/runtime" : `@concordkit/runtime/${key.slice(2)}`)),
);

function* codeFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") continue;
    if (statSync(path).isDirectory()) yield* codeFiles(path);
    else if (/\.(ts|js|mjs)$/.test(name)) yield path;
  }
}

/** Every module a file names in `from "…"`, `import("…")` or `require("…")`. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:from\s+|import\(\s*|require\(\s*)"([^"]+)"/g)].map((match) => match[1]!);
}

const generatedRoots = ["generated", "test/golden"];
const userRoots = ["services", "examples", "cli/src"];

describe("generated code and the runtime's users import only public entry points", () => {
  it("every @concordkit/runtime import names an entry of the runtime's exports map", () => {
    const wrong: string[] = [];
    for (const root of [...generatedRoots, ...userRoots]) {
      for (const file of codeFiles(join(ROOT, root))) {
        for (const from of specifiers(readFileSync(file, "utf8"))) {
          if (from.startsWith("@concordkit/runtime") && !entries.has(from)) wrong.push(`${relative(ROOT, file)}: ${from}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("generated code reaches the runtime's peers only through the runtime (no kafkajs, ajv, pg paths of its own)", () => {
    const peers = ["kafkajs", "ajv", "ajv-formats", "pg"];
    const wrong: string[] = [];
    for (const root of generatedRoots) {
      for (const file of codeFiles(join(ROOT, root))) {
        if (file.includes("/contracts/")) continue;
        for (const from of specifiers(readFileSync(file, "utf8"))) {
          const name = from.split("/")[0]!;
          if (peers.includes(name) || from.startsWith("node:module")) wrong.push(`${relative(ROOT, file)}: ${from}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("generated code uses no internal path of the chosen libraries", () => {
    const wrong: string[] = [];
    for (const root of generatedRoots) {
      for (const file of codeFiles(join(ROOT, root))) {
        for (const from of specifiers(readFileSync(file, "utf8"))) {
          if (/\/(dist|src|lib|internal)\//.test(from)) wrong.push(`${relative(ROOT, file)}: ${from}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
