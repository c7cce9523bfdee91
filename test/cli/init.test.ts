import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CONFIG_SCHEMA_PATH, INIT_SCRIPTS } from "../../cli/src/actions/init.js";
import { parseConfig } from "../../generator/src/config.js";
import { runCli } from "../support/cli.js";
import { typecheck } from "../support/typecheck.js";

const ROOT = resolve(import.meta.dirname, "../..");
// Inside the repository (.tmp/ is ignored), so the generated code resolves the runtime and the peers
// from the repository's node_modules when it is type-checked.
const SCRATCH = join(ROOT, ".tmp", `cli-init-${process.pid}`);

const ALL = [
  "concord.config.json",
  "contracts/asyncapi/task-events.yaml",
  "contracts/openapi/tasks.yaml",
  "contracts/proto/buf.yaml",
  "contracts/proto/task/v1/task.proto",
  "package.json",
];

async function project(): Promise<string> {
  await mkdir(SCRATCH, { recursive: true });
  return mkdtemp(join(SCRATCH, "project-"));
}

async function files(root: string): Promise<Record<string, { text: string; mtimeMs: number }>> {
  const out: Record<string, { text: string; mtimeMs: number }> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[full.slice(root.length + 1)] = { text: await readFile(full, "utf8"), mtimeMs: (await stat(full)).mtimeMs };
  }
  return out;
}

describe("concord init", () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));
  afterAll(() => rm(SCRATCH, { recursive: true, force: true }));

  it("scaffolds all three kinds, keeps everything on a second run, and the result generates and type-checks", async () => {
    const dir = await project();
    const first = await runCli("init", "--dir", dir);
    expect(first.code).toBe(0);
    expect(first.err).toBe("");
    for (const path of ALL) expect(first.out).toContain(`wrote  ${path}`);
    expect(first.out).toContain(
      "npm install @concordkit/runtime ajv ajv-formats @bufbuild/protobuf @connectrpc/connect @connectrpc/connect-node @connectrpc/connect-web kafkajs",
    );
    expect(first.out).toContain("npm run generate");
    expect(Object.keys(await files(dir)).sort()).toEqual(ALL);

    const config = parseConfig(await readFile(join(dir, "concord.config.json"), "utf8"));
    expect(config).toEqual({ $schema: CONFIG_SCHEMA_PATH, contracts: "contracts", out: "generated" });
    const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ private: true, type: "module", scripts: INIT_SCRIPTS });

    // The second run writes nothing and says so, file by file.
    const before = await files(dir);
    const second = await runCli("init", "--dir", dir);
    expect(second.code).toBe(0);
    expect(second.out).not.toContain("wrote ");
    for (const path of ALL.filter((p) => p !== "package.json")) expect(second.out).toContain(`kept   ${path}`);
    expect(second.out).toContain("kept   package.json scripts: generate, generate:check, breaking (already set)");
    expect(await files(dir)).toEqual(before);

    process.chdir(dir);
    const generated = await runCli("generate");
    expect(generated.err).toBe("");
    expect(generated.code).toBe(0);
    for (const path of [
      "generated/openapi/tasks/sdk/tasks.ts",
      "generated/openapi/tasks/server/router.ts",
      "generated/proto/task/v1/task_pb.ts",
      "generated/proto/task/v1/task_service_client.ts",
      "generated/proto/task/v1/task_service_server.ts",
      "generated/asyncapi/task-events/producer.ts",
      "generated/asyncapi/task-events/consumer.ts",
      "generated/asyncapi/channels/tasks-completed.ts",
    ]) {
      expect(generated.out).toContain(`new       ${path}`);
    }
    expect(await runCli("generate", "--check")).toMatchObject({ code: 0 });
    expect(await runCli("lint")).toMatchObject({ code: 0, out: "proto lint: no findings" });

    const checked = await typecheck(dir, { include: ["generated"] });
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);
  }, 180_000);

  it("writes only the kinds asked for", async () => {
    const dir = await project();
    const { code, out } = await runCli("init", "--openapi", "--asyncapi", "--dir", dir);
    expect(code).toBe(0);
    expect(out).toContain("concord init: OpenAPI, AsyncAPI in");
    expect(out).toContain("npm install @concordkit/runtime ajv ajv-formats kafkajs");
    expect(Object.keys(await files(dir)).sort()).toEqual(ALL.filter((p) => !p.includes("/proto/")));
    // A later run for another kind adds it and keeps the rest.
    const more = await runCli("init", "--proto", "--dir", dir);
    expect(more.out).toContain("wrote  contracts/proto/task/v1/task.proto");
    expect(more.out).toContain("kept   concord.config.json");
    expect(Object.keys(await files(dir)).sort()).toEqual(ALL);
  });

  it("adds only the scripts package.json lacks, keeping its other keys, order and indentation", async () => {
    const dir = await project();
    const original = {
      name: "shop",
      version: "2.0.0",
      scripts: { test: "vitest", generate: "concord generate --out src/gen" },
      dependencies: { zod: "^3" },
    };
    await writeFile(join(dir, "package.json"), `${JSON.stringify(original, null, 4)}\n`);
    const { code, out } = await runCli("init", "--openapi", "--dir", dir);
    expect(code).toBe(0);
    expect(out).toContain("added  package.json scripts: generate:check, breaking");
    expect(out).toContain("kept   package.json scripts: generate (already set)");
    const text = await readFile(join(dir, "package.json"), "utf8");
    expect(text).toBe(
      `${JSON.stringify({ ...original, scripts: { ...original.scripts, "generate:check": INIT_SCRIPTS["generate:check"], breaking: INIT_SCRIPTS["breaking"] } }, null, 4)}\n`,
    );
    expect((await readdir(dir)).filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("leaves a package.json it cannot read as it is, and says what to add", async () => {
    const dir = await project();
    await writeFile(join(dir, "package.json"), "{ not json");
    const { code, err } = await runCli("init", "--asyncapi", "--dir", dir);
    expect(code).toBe(0);
    expect(err).toContain("package.json is not valid JSON, so it was left as it was");
    expect(err).toContain('"generate:check":"concord generate --check"');
    expect(await readFile(join(dir, "package.json"), "utf8")).toBe("{ not json");
  });

  it("exits 2 when --dir is a file", async () => {
    const dir = await project();
    await writeFile(join(dir, "file"), "");
    const { code, err } = await runCli("init", "--dir", join(dir, "file"));
    expect(code).toBe(2);
    expect(err).toContain("is not a folder");
  });

  it("points $schema at a file the generator package ships", async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, "generator/package.json"), "utf8")) as { name: string; files: string[] };
    const prefix = `./node_modules/${manifest.name}/`;
    expect(CONFIG_SCHEMA_PATH.startsWith(prefix)).toBe(true);
    const inPackage = CONFIG_SCHEMA_PATH.slice(prefix.length);
    expect(manifest.files).toContain(inPackage);
    await expect(stat(join(ROOT, "generator", inPackage))).resolves.toBeTruthy();
    // In this repository node_modules/@concordkit/generator is the workspace: the same path works here.
    await expect(stat(join(ROOT, CONFIG_SCHEMA_PATH))).resolves.toBeTruthy();
  });
});
