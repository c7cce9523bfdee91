import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli as run } from "../support/cli.js";

/** A contracts folder holding one proto file, and an output folder that already has a file in it. */
async function workspace(name: string, proto: string) {
  const root = await mkdtemp(join(tmpdir(), "concord-proto-"));
  const contracts = join(root, "contracts");
  const out = join(root, "generated");
  await mkdir(join(contracts, "proto", "shop", "v1"), { recursive: true });
  await mkdir(out, { recursive: true });
  await writeFile(join(contracts, "proto", "shop", "v1", name), proto);
  await writeFile(join(out, "keep.ts"), "export const kept = true;\n");
  return { contracts, out, file: join(contracts, "proto", "shop", "v1", name) };
}

async function untouched(out: string): Promise<void> {
  expect(await readdir(out)).toEqual(["keep.ts"]);
  expect(await readFile(join(out, "keep.ts"), "utf8")).toBe("export const kept = true;\n");
}

describe("concord generate on bad .proto input", () => {
  it("a syntax error: exit 3, file:line:column in the message, generated/ untouched", async () => {
    const ws = await workspace("broken.proto", 'syntax = "proto3";\npackage shop.v1;\n\nmessage Cart {\n  string id = 1\n}\n');
    const { code, err } = await run("generate", "--contracts", ws.contracts, "--out", ws.out);
    expect(code).toBe(3);
    expect(err).toContain(`${ws.file}:6:1`);
    expect(err).toContain("proto-compile");
    await untouched(ws.out);
  });

  it("an unknown import: exit 3, the import's line in the message, generated/ untouched", async () => {
    const ws = await workspace(
      "cart.proto",
      'syntax = "proto3";\npackage shop.v1;\n\nimport "shop/v1/missing.proto";\n\nmessage Cart {\n  string id = 1;\n}\n',
    );
    const { code, err } = await run("generate", "--contracts", ws.contracts, "--out", ws.out);
    expect(code).toBe(3);
    expect(err).toContain(`${ws.file}:4:1`);
    expect(err).toContain("imported file does not exist");
    await untouched(ws.out);
  });

  it("lint style is not a generation failure: a valid proto that breaks buf's STANDARD rules generates", async () => {
    const ws = await workspace(
      "sloppy.proto",
      'syntax = "proto3";\npackage shop.v1;\n\nmessage cart_item { string ID = 1; }\nservice cart { rpc get(cart_item) returns (cart_item); }\n',
    );
    const { code, out } = await run("generate", "--contracts", ws.contracts, "--out", ws.out);
    expect(code).toBe(0);
    expect(out).toContain("proto/shop/v1/sloppy_pb.ts");
    expect(out).toContain("proto/shop/v1/cart_client.ts");
  });
});
