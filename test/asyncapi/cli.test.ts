import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli as run } from "../support/cli.js";

const valid = `asyncapi: 3.0.0
info:
  title: Tiny
  version: 1.0.0
channels:
  pings:
    address: pings
    messages:
      Ping:
        name: Ping
        payload:
          type: object
          required: [at]
          properties:
            at: { type: integer }
operations:
  sendPing:
    action: send
    channel:
      $ref: '#/channels/pings'
`;

/** A contracts folder with `asyncapi/tiny.yaml` and an output folder holding one sentinel file. */
async function workspace(document: string): Promise<{ contracts: string; out: string; sentinel: string }> {
  const dir = await mkdtemp(join(tmpdir(), "concord-asyncapi-cli-"));
  const contracts = join(dir, "contracts");
  await mkdir(join(contracts, "asyncapi"), { recursive: true });
  await writeFile(join(contracts, "asyncapi", "tiny.yaml"), document);
  const out = join(dir, "generated");
  await mkdir(out);
  const sentinel = join(out, "keep.txt");
  await writeFile(sentinel, "before");
  return { contracts, out, sentinel };
}

describe("concord generate on AsyncAPI input", { timeout: 120_000 }, () => {
  it("writes producers, channel modules and validators for a valid document", async () => {
    const { contracts, out } = await workspace(valid);
    const { code } = await run("generate", "--contracts", contracts, "--out", out);
    expect(code).toBe(0);
    expect((await readdir(join(out, "asyncapi"), { recursive: true })).sort()).toEqual(
      expect.arrayContaining(["channels/pings.ts", "tiny/producer.ts", "validators/pings.ts"]),
    );
  });

  it("exits 3 on an error diagnostic, naming file, line, path and problem, and leaves generated/ untouched", async () => {
    const broken = valid.replace("action: send", "action: emit");
    const { contracts, out, sentinel } = await workspace(broken);
    const { code, err } = await run("generate", "--contracts", contracts, "--out", out);
    expect(code).toBe(3);
    expect(err).toMatch(/asyncapi\/tiny\.yaml:18:\d+ at \/operations\/sendPing\/action: .*must be equal to one of the allowed values/);
    expect(await readFile(sentinel, "utf8")).toBe("before");
    expect(await readdir(out)).toEqual(["keep.txt"]);
  });

  it("exits 3 on YAML that does not parse", async () => {
    const { contracts, out, sentinel } = await workspace(valid.replace("title: Tiny", "title: Tiny: broken"));
    const { code, err } = await run("generate", "--contracts", contracts, "--out", out);
    expect(code).toBe(3);
    expect(err).toMatch(/tiny\.yaml:3:\d+: /);
    expect(await readFile(sentinel, "utf8")).toBe("before");
  });

  it("exits 3 when x-concord-key names a property the payload does not have", async () => {
    const document = valid.replace(
      "      Ping:\n        name: Ping\n",
      "      Ping:\n        name: Ping\n        x-concord-key: $message.payload#/id\n",
    );
    const { contracts, out } = await workspace(document);
    const { code, err } = await run("generate", "--contracts", contracts, "--out", out);
    expect(code).toBe(3);
    expect(err).toContain("x-concord-key names id, which the payload does not have [asyncapi-message-key]");
  });
});
