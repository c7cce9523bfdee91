import { appendFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, runCli } from "./run-cli.js";

/**
 * generate, lint and breaking run buf through one runner and read its messages with one parser, so
 * one compile error is one line in all of them: same file, line, column, message and rule.
 */
describe("a proto that does not compile, through every command that runs buf", () => {
  const broken = "\nmessage Broken { strin x = 1; }\n";

  it("is the same problem from concord generate, concord lint and concord breaking (with and without baseline protos)", async () => {
    const { base, head } = await copyFixture("proto", "field-type-changed");
    const file = join(head, "proto", "payment", "v1", "payment.proto");
    await appendFile(file, broken);
    const expected = `${file}:20:18: cannot find \`strin\` in this scope [proto-compile/compile]`;

    const generate = await runCli("generate", "--contracts", head, "--out", join(head, "..", "out"));
    const lint = await runCli("lint", "--contracts", head);
    const breaking = await runCli("breaking", "--contracts", head, "--against", base);
    // With no protos in the baseline, breaking has buf build the head alone (buf's messages then come on stderr).
    await rm(join(base, "proto"), { recursive: true });
    const breakingAlone = await runCli("breaking", "--contracts", head, "--against", base);

    for (const [command, result] of Object.entries({ generate, lint, breaking, breakingAlone })) {
      expect(result.code, command).toBe(3);
      expect(result.err, command).toBe(expected);
    }
  }, 60_000);

  it("in the baseline: breaking gives the line, column and rule that generate gives for that tree, on baseline:proto/…", async () => {
    const { base, head } = await copyFixture("proto", "field-type-changed");
    const file = join(base, "proto", "payment", "v1", "payment.proto");
    await appendFile(file, broken);

    const generate = await runCli("generate", "--contracts", base, "--out", join(base, "..", "out"));
    const breaking = await runCli("breaking", "--contracts", head, "--against", base);
    expect(generate.err).toBe(`${file}:20:18: cannot find \`strin\` in this scope [proto-compile/compile]`);
    expect(breaking.code).toBe(3);
    expect(breaking.err).toBe("baseline:proto/payment/v1/payment.proto:20:18: cannot find `strin` in this scope [proto-compile/compile]");
  }, 60_000);
});
