import { describe, expect, it } from "vitest";
import { fixtureArgs, runCli } from "./run-cli.js";

const removed = fixtureArgs("openapi", "response-property-removed");

describe("concord breaking output formats", () => {
  it("json: { findings: [{ rule, level, file, location, message, line }], summary }", async () => {
    const { code, out } = await runCli("breaking", ...removed, "--format", "json");
    expect(code).toBe(1);
    const report = JSON.parse(out) as { findings: Record<string, unknown>[]; summary: Record<string, unknown> };
    expect(report.findings).toHaveLength(2);
    expect(report.findings[0]).toMatchObject({ rule: "response-property-removed", level: "error", file: "openapi/shop.yaml" });
    expect(report.findings[0]?.["location"]).toMatch(/^\/paths\/~1orders\/post\/responses\/201\//);
    expect(typeof report.findings[0]?.["message"]).toBe("string");
    expect(typeof report.findings[0]?.["line"]).toBe("number");
    expect(report.summary).toMatchObject({ error: 2, warning: 0, info: 0, accepted: 0, failOn: "error", failing: 2 });
  });

  it("github: one ::error annotation per finding, with file and line", async () => {
    const { out } = await runCli("breaking", ...removed, "--format", "github");
    const annotations = out.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations).toHaveLength(2);
    expect(annotations[0]).toMatch(
      /^::error file=[^,]*head\/openapi\/shop\.yaml,line=\d+,title=response-property-removed::POST \/orders response 201/,
    );
  });

  it("junit: a failing test case per breaking change", async () => {
    const { out } = await runCli("breaking", ...removed, "--format", "junit");
    expect(out).toMatch(/^<\?xml/);
    expect(out).toContain('<testsuite name="openapi/shop.yaml" tests="2" failures="2">');
    expect(out.match(/<failure /g)).toHaveLength(2);
  });

  it("markdown: a verdict and a table row per finding", async () => {
    const { out } = await runCli("breaking", ...removed, "--format", "markdown");
    expect(out).toContain("### Contract compatibility");
    expect(out).toContain("| level | rule | file | location | change |");
    expect(out.match(/\| 🔴 error \| `response-property-removed` \|/g)).toHaveLength(2);
  });

  it("text is the default and ends with the verdict", async () => {
    const { out } = await runCli("breaking", ...removed);
    expect(out.split("\n").at(-1)).toMatch(/^2 breaking changes at or above error against folder /);
  });

  it("--fail-on warning fails on a warning that passes by default", async () => {
    const renamed = fixtureArgs("openapi", "operation-id-changed");
    expect((await runCli("breaking", ...renamed)).code).toBe(0);
    expect((await runCli("breaking", ...renamed, "--fail-on", "warning")).code).toBe(1);
  });

  it("breaking hides info; diff lists every change and exits 0", async () => {
    const added = fixtureArgs("openapi", "ok-added-optional-field");
    const breaking = await runCli("breaking", ...added);
    expect(breaking.code).toBe(0);
    expect(breaking.out).not.toContain("request-property-added");
    const diff = await runCli("diff", ...added);
    expect(diff.code).toBe(0);
    expect(diff.out).toContain("[request-property-added]");
    expect(diff.out).toContain("3 changes against");
  });

  it("diff lists proto elements added, which buf does not report", async () => {
    const { code, out } = await runCli("diff", ...fixtureArgs("proto", "ok-reformatted-added-field"));
    expect(code).toBe(0);
    expect(out).toContain("field payment.v1.ChargeRequest.note = 4 added [proto-element-added]");
  }, 60_000);
});
