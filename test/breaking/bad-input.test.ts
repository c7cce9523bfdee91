import { appendFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, runCli } from "./run-cli.js";

describe("concord breaking on bad input: never a silent 'no breaking changes'", () => {
  it("exits 2 naming the baseline when --against is neither a folder nor a git ref", async () => {
    const { head } = await copyFixture("openapi", "path-removed");
    const { code, err, out } = await runCli("breaking", "--contracts", head, "--against", "no-such-ref-xyz");
    expect(code).toBe(2);
    expect(err).toContain('baseline "no-such-ref-xyz"');
    expect(out).toBe("");
  });

  it("exits 2 when --against is missing", async () => {
    const { code, err } = await runCli("breaking", "--contracts", ".");
    expect(code).toBe(2);
    expect(err).toContain("--against");
  });

  it("exits 3 with file and line when the head contract does not parse", async () => {
    const { base, head } = await copyFixture("openapi", "ok-added-optional-field");
    await appendFile(join(head, "openapi", "shop.yaml"), "\npaths: [unclosed\n");
    const { code, err, out } = await runCli("breaking", "--contracts", head, "--against", base);
    expect(code).toBe(3);
    expect(err).toMatch(/openapi\/shop\.yaml:\d+:\d+/);
    expect(err).toContain("[yaml-syntax]");
    expect(out).toBe("");
  });

  it("exits 3 when the baseline contract does not parse", async () => {
    const { base, head } = await copyFixture("asyncapi", "ok-added-optional-field");
    await writeFile(join(base, "asyncapi", "schemas.yaml"), "OrderId: {type: integer\n");
    const { code, err } = await runCli("breaking", "--contracts", head, "--against", base);
    expect(code).toBe(3);
    expect(err).toMatch(/baseline:asyncapi\/schemas\.yaml:\d+:\d+: .*\[yaml-syntax\]/);
  });

  it("exits 3 when a $ref does not resolve", async () => {
    const { base, head } = await copyFixture("openapi", "ok-added-optional-field");
    await writeFile(
      join(head, "openapi", "extra.yaml"),
      "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: './missing.yaml#/R'}\n",
    );
    await writeFile(
      join(base, "openapi", "extra.yaml"),
      "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n",
    );
    const { code, err } = await runCli("breaking", "--contracts", head, "--against", base);
    expect(code).toBe(3);
    expect(err).toContain("openapi/extra.yaml");
    expect(err).toContain("./missing.yaml#/R");
    expect(err).toMatch(/openapi\/extra\.yaml:7:\d+ .*\[ref-unresolved\]/);
  });

  it("exits 3 with buf's compile error when a proto file does not compile", async () => {
    const { base, head } = await copyFixture("proto", "field-type-changed");
    await appendFile(join(head, "proto", "payment", "v1", "payment.proto"), "\nmessage Broken { strin x = 1 }\n");
    const { code, err } = await runCli("breaking", "--contracts", head, "--against", base);
    expect(code).toBe(3);
    expect(err).toContain("proto/payment/v1/payment.proto:");
    expect(err).toContain("[proto-compile/compile]");
  }, 60_000);

  it("exits 2 on an unknown --format or --fail-on", async () => {
    const { base, head } = await copyFixture("openapi", "path-removed");
    expect((await runCli("breaking", "--contracts", head, "--against", base, "--format", "xml")).code).toBe(2);
    expect((await runCli("breaking", "--contracts", head, "--against", base, "--fail-on", "info")).code).toBe(2);
  });
});

describe("concord breaking on a baseline proto that does not compile", () => {
  it("exits 3 and says the error is in the baseline", async () => {
    const { base, head } = await copyFixture("proto", "rpc-removed");
    await appendFile(join(base, "proto", "payment", "v1", "payment.proto"), "\nmessage Broken {\n");
    const { code, err } = await runCli("breaking", "--contracts", head, "--against", base);
    expect(code).toBe(3);
    expect(err).toContain("baseline:proto/payment/v1/payment.proto:");
  }, 60_000);
});
