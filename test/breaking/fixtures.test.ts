import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareContracts, type BreakingConfig, type Finding } from "../../generator/src/breaking/index.js";

const FIXTURES = join(import.meta.dirname, "fixtures");

interface Expected {
  about: string;
  config?: BreakingConfig;
  findings: Pick<Finding, "rule" | "level" | "file" | "location">[];
}

function essentials(findings: readonly Pick<Finding, "rule" | "level" | "file" | "location">[]): string[] {
  return findings.map((f) => `${f.level} ${f.rule} ${f.file} ${f.location}`).sort();
}

// One case per folder: base/ and head/ are contract trees, expected.json lists every finding (info included).
for (const kind of readdirSync(FIXTURES).sort()) {
  describe(`${kind} fixtures`, () => {
    for (const name of readdirSync(join(FIXTURES, kind)).sort()) {
      const dir = join(FIXTURES, kind, name);
      if (!existsSync(join(dir, "expected.json"))) continue;
      const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected;
      it(`${name}: ${expected.about}`, async () => {
        const findings = await compareContracts({
          baseline: join(dir, "base"),
          contracts: join(dir, "head"),
          config: expected.config ?? {},
        });
        expect(essentials(findings)).toEqual(essentials(expected.findings));
        for (const finding of findings) expect(finding.message.length).toBeGreaterThan(0);
        if (name.startsWith("ok-")) expect(findings.filter((f) => f.level !== "info")).toEqual([]);
      }, 60_000);
    }
  });
}
