import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContractError } from "../../generator/src/core/contract-error.js";
import { compareContracts, readBreakingConfig, summarize } from "../../generator/src/breaking/index.js";
import { FIXTURES } from "./run-cli.js";

const dir = join(FIXTURES, "openapi", "response-property-removed");
const run = (config: object) =>
  compareContracts({
    baseline: join(dir, "base"),
    contracts: join(dir, "head"),
    config: readBreakingConfig({ breaking: config as Record<string, unknown> }),
  });

describe("the breaking section of concord.config.json", () => {
  it("switches a rule off", async () => {
    expect(await run({ rules: { "response-property-removed": "off" } })).toEqual([]);
  });

  it("downgrades a rule", async () => {
    const findings = await run({ rules: { "response-property-removed": "warning" } });
    expect(findings.map((f) => f.level)).toEqual(["warning", "warning"]);
    expect(summarize(findings, "error").failing).toBe(0);
    expect(summarize(findings, "warning").failing).toBe(2);
  });

  it("accepts one change by rule, file and location, with a reason; the other still fails", async () => {
    const location = "/paths/~1orders/post/responses/201/content/application~1json/schema/properties/amount";
    const findings = await run({
      accept: [{ rule: "response-property-removed", file: "openapi/shop.yaml", location, reason: "deprecated since 2026-01" }],
    });
    expect(findings.find((f) => f.location === location)?.accepted).toBe("deprecated since 2026-01");
    expect(summarize(findings, "error")).toMatchObject({ accepted: 1, error: 1, failing: 1 });
  });

  it("rejects an accepted change without a reason, and an unknown level", () => {
    expect(() => readBreakingConfig({ breaking: { accept: [{ rule: "x", file: "y" }] } })).toThrow(ContractError);
    expect(() => readBreakingConfig({ breaking: { rules: { x: "fatal" } } })).toThrow(/must be off, error, warning or info/);
  });
});
