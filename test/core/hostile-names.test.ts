/**
 * A contract of each kind whose names are out to break generated code: operationIds and messages
 * named `call`, `delete`, `import`, `2fa-verify`, `2FA verified`, names that differ only by case or
 * punctuation, schemas and messages named like the runtime's symbols (`CallOptions`, `TopicSpec`,
 * `Transport`, `ConnectError`). The code generated from them passes `tsc --strict`, and one
 * operation has one name in the SDK and in the server stubs.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { typecheck } from "../support/typecheck.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const contracts = join(repo, "test/core/fixtures/hostile-names");
const work = join(repo, ".tmp", `hostile-names-${process.pid}`);
const out = join(work, "generated");
const read = (path: string) => readFile(join(out, path), "utf8");

describe("a contract of hostile names, in all three kinds", () => {
  let generated: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    generated = await runCli("generate", "--contracts", contracts, "--out", out);
  }, 120_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("generates code that passes tsc --strict", async () => {
    expect(generated.err).toBe("");
    expect(generated.code).toBe(0);
    const tsc = await typecheck(work, { include: ["generated/**/*.ts"] });
    expect(tsc.output).toBe("");
    expect(tsc.code).toBe(0);
  }, 120_000);

  it("names each operation once, alike in the SDK and the stubs", async () => {
    const sdk = (await Promise.all(["default", "default2", "default3", "call"].map((file) => read(`openapi/hostile/sdk/${file}.ts`)))).join(
      "\n",
    );
    const handlers = await read("openapi/hostile/server/handlers.ts");
    const stems = {
      "2fa-verify": "_2faVerify",
      "2FA verified": "_2FAVerified",
      delete: "Delete",
      import: "Import",
      getOrder: "GetOrder",
      "get-order": "GetOrder2",
      GetOrder: "GetOrder3",
    };
    for (const [operationId, stem] of Object.entries(stems)) {
      expect(sdk, operationId).toContain(`export type ${stem}Result =`);
      expect(handlers, operationId).toContain(`export type ${stem}Handler = (`);
      expect(handlers, operationId).toContain(
        `  ${/^[A-Za-z_$][\w$]*$/.test(operationId) ? operationId : JSON.stringify(operationId)}: ${stem}Handler;`,
      );
    }
    for (const fn of [
      "_2faVerify",
      "_2FAVerified",
      "delete_",
      "import_",
      "getOrder",
      "getOrder2",
      "getOrder3",
      "paths",
      "requireRuntime",
    ]) {
      expect(sdk).toContain(`export function ${fn}(client: `);
    }
  });

  it("aliases an import whose name the file declares or imports from elsewhere", async () => {
    const call = await read("openapi/hostile/sdk/call.ts");
    expect(call).toMatch(/^import \{[^}]*\bcall as call\$1,[^}]*\} from "@concordkit\/runtime\/sdk";$/m);
    expect(call).toContain("return call$1(client, ");
    const withPaths = await read("openapi/hostile/sdk/default3.ts");
    expect(withPaths).toContain('import type { paths as paths$1 } from "../types.js";');
    expect(withPaths).toContain('import { requireRuntime as requireRuntime$1 } from "@concordkit/runtime";');
    expect(withPaths).toContain('requireRuntime$1("');
    expect(await read("asyncapi/channels/import.ts")).toContain(
      'import type { MessageSpec, TopicSpec as TopicSpec$1 } from "@concordkit/runtime/kafka";',
    );
  });

  it("guards leading digits and reserved words in AsyncAPI and proto names", async () => {
    const channel = await read("asyncapi/channels/2fa-verified.ts");
    expect(channel).toContain("export const _2faVerifiedTopic: TopicSpec = {");
    expect(channel).toContain("export interface _2FAVerified {");
    expect(channel).toContain("export const _2FAVerifiedMessage: MessageSpec<_2FAVerified> = {");
    expect(await read("asyncapi/hostile/producer.ts")).toMatch(/sendDelete\(/);
    expect(await read("asyncapi/hostile/consumer.ts")).toMatch(/onImport\(|onImport:/);
    expect(await read("proto/hostile/v1/import_server.ts")).toContain("export interface ImportHandler {");
  });
});
