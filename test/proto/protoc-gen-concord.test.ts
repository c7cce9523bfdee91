import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, CodeGeneratorResponseSchema } from "@bufbuild/protobuf/wkt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatFiles } from "../../generator/src/core/format-output.js";
import { sortFiles } from "../../generator/src/core/generated-file.js";
import { generatedHeader } from "../../generator/src/core/header.js";
import { bufBinary } from "../../generator/src/proto/buf.js";
import { protoKind } from "../../generator/src/proto/kind.js";
import { runProcess } from "../../generator/src/proto/run-process.js";
import { expectGolden, readFiles } from "../support/golden.js";

/**
 * protoc-gen-concord as teams run it: the real buf binary runs `buf generate` with a buf.gen.yaml
 * that lists protoc-gen-es and protoc-gen-concord, both by absolute path, and the plugin is the
 * package's bin (cli/bin/protoc-gen-concord.js → cli/dist → @concordkit/generator/protoc-plugin
 * → generator/dist). The built bin rather than the sources under tsx: that is what an installed
 * @concordkit/cli runs, so the test also proves the bin, the package's exports without the
 * source condition and the compiled code. Setup runs `npm run build` when dist is missing or
 * older than a source (about 10 s), so the test never checks a stale build.
 *
 * protoc-gen-es writes the `*_pb.ts` itself under buf generate; concord generate runs the same
 * protoc-gen-es in process and puts its own three-line header above what it writes, so those
 * files are compared below that header.
 */

const repo = fileURLToPath(new URL("../../", import.meta.url));
const plugin = join(repo, "cli/bin/protoc-gen-concord.js");
const protocGenEs = join(repo, "node_modules/.bin/protoc-gen-es");
const contracts = join(repo, "contracts/proto");
const edge = join(repo, "test/golden/proto/edge");

let work: string;

beforeAll(async () => {
  await buildIfStale();
  work = await mkdtemp(join(tmpdir(), "concord-protoc-plugin-"));
}, 180_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe("protoc-gen-concord under buf generate", () => {
  it("with protoc-gen-es writes what concord generate writes for contracts/proto (generated/proto/): same names, same bytes (_pb.ts below concord's header)", async () => {
    const out = join(work, "contracts");
    const result = await bufGenerate(contracts, bufGenYaml(out, { strategyAll: true }));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const esVersion = await packageVersion("@bufbuild/protoc-gen-es");
    // protoc-gen-es writes the _pb.ts itself; concord generate runs the same plugin and adds its header.
    const written = (await readFiles(out)).map((file) =>
      file.path.endsWith("_pb.ts")
        ? {
            path: file.path,
            content: generatedHeader(`protoc-gen-es v${esVersion}`, file.path.replace(/_pb\.ts$/, ".proto")) + file.content,
          }
        : file,
    );
    // concord.config.json has `"format": "biome"`: generated/ holds what Biome makes of the same files.
    await expectGolden(await formatFiles(written, "biome", repo), join(repo, "generated/proto"), { rewrite: false });
    expect(written.filter((file) => !file.path.endsWith("_pb.ts"))).toHaveLength(10);
  });

  it("takes no options by default and then matches the golden files (buf's default per-folder strategy; proto2, editions, odd names)", async () => {
    const out = join(work, "edge");
    const result = await bufGenerate(join(edge, "input"), bufGenYaml(out, { concordOpt: [] }));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const concordFiles = (await readFiles(out)).filter((file) => !file.path.endsWith("_pb.ts"));
    await expectGolden(concordFiles, join(edge, "expected"), { rewrite: false });
  });

  it("default_deadline_ms=1234 writes what concord generate writes with proto.defaultDeadlineMs: 1234", async () => {
    const out = join(work, "deadline");
    const input = join(edge, "input");
    const result = await bufGenerate(input, bufGenYaml(out, { concordOpt: ["default_deadline_ms=1234"] }));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const config = { proto: { defaultDeadlineMs: 1234 } };
    const expected = (await protoKind.emit(await protoKind.load(input, config), config)).filter((f) => !f.path.endsWith("_pb.ts"));
    expect((await readFiles(out)).filter((file) => !file.path.endsWith("_pb.ts"))).toEqual(sortFiles(expected));
    const client = await readFile(join(out, "lab/v1/lab_service_client.ts"), "utf8");
    expect(client).toContain("  defaultDeadlineMs: 1234,\n");
  });

  it("a bad option fails the run with the option named: buf exits non-zero", async () => {
    for (const [opt, message] of [
      ["default_deadline_ms=0", 'invalid option "default_deadline_ms=0": default_deadline_ms must be a positive integer (milliseconds)'],
      ["target=js+dts", 'invalid option "target=js+dts": protoc-gen-concord writes target=ts only, as concord generate does'],
      ["deadline=5", 'invalid option "deadline=5": protoc-gen-concord takes default_deadline_ms=<ms>'],
    ] as const) {
      const out = join(work, `bad-option-${opt.replace(/\W/g, "_")}`);
      const result = await bufGenerate(join(edge, "input"), bufGenYaml(out, { concordOpt: [opt], withEs: false }));
      expect(result.code, opt).not.toBe(0);
      expect(result.stderr, opt).toContain(`plugin ${plugin}: ${message}`);
      expect(await readFiles(out), opt).toEqual([]);
    }
  });

  it("a proto whose services would overwrite each other's files: the plugin's error response, buf exits non-zero, as concord generate fails", async () => {
    const input = join(work, "collision-input");
    await mkdir(join(input, "shop/v1"), { recursive: true });
    const proto = [
      'syntax = "proto3";',
      "package shop.v1;",
      "",
      "message Cart { string id = 1; }",
      "",
      "service CartService { rpc Get(Cart) returns (Cart); }",
      "",
      "service cart_service { rpc Get(Cart) returns (Cart); }",
      "",
    ].join("\n");
    await writeFile(join(input, "shop/v1/shop.proto"), proto);
    const message =
      "shop/v1/shop.proto:8:1 at shop.v1.cart_service: generates shop/v1/cart_service_client.ts and cart_service_server.ts, " +
      "as does shop.v1.CartService; rename one of the two services [proto-service-file-collision]";

    const out = join(work, "collision");
    const result = await bufGenerate(input, bufGenYaml(out, { concordOpt: [] }));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`plugin ${plugin}: ${message}`);

    // Through the protocol: the plugin exits 0 with the message in CodeGeneratorResponse.error.
    const model = await protoKind.load(input, {});
    const request = create(CodeGeneratorRequestSchema, { fileToGenerate: model.loaded.filesToGenerate, protoFile: model.loaded.set.file });
    const direct = await runProcess("protoc-gen-concord", process.execPath, [plugin], {
      cwd: input,
      input: toBinary(CodeGeneratorRequestSchema, request),
      timeoutMs: 60_000,
    });
    expect(direct.stderr).toBe("");
    expect(direct.code).toBe(0);
    const response = fromBinary(CodeGeneratorResponseSchema, direct.stdout);
    expect(response.error).toBe(message);
    expect(response.file).toEqual([]);

    await expect(protoKind.emit(model, {})).rejects.toThrow(`${input}/${message}`);
  });
});

interface GenOptions {
  /** protoc-gen-concord's `opt:`; protoc-gen-es's options by default. */
  concordOpt?: readonly string[];
  /** List protoc-gen-es too (default). */
  withEs?: boolean;
  strategyAll?: boolean;
}

/** The buf.gen.yaml of the README, with `out` in the temp folder and a choice of plugin options. */
function bufGenYaml(
  out: string,
  { concordOpt = ["target=ts", "import_extension=js"], withEs = true, strategyAll = false }: GenOptions,
): string {
  const entry = (local: string, opt: readonly string[]) =>
    [
      `  - local: ${local}`,
      ...(strategyAll ? ["    strategy: all"] : []),
      `    out: ${out}`,
      ...(opt.length > 0 ? [`    opt: [${opt.join(", ")}]`] : []),
    ].join("\n");
  return [
    "version: v2",
    "plugins:",
    ...(withEs ? [entry(protocGenEs, ["target=ts", "import_extension=js"])] : []),
    entry(plugin, concordOpt),
    "",
  ].join("\n");
}

/** `buf generate` in `input` (its buf.yaml, or none), with the node running this test first on PATH for the plugins' `#!/usr/bin/env node`. */
async function bufGenerate(input: string, template: string): Promise<{ code: number; stderr: string }> {
  const file = join(work, `buf.gen.${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, template);
  const env = { ...process.env, PATH: [dirname(process.execPath), process.env.PATH].join(delimiter) };
  return new Promise((resolve, reject) => {
    const child = spawn(bufBinary(), ["generate", "--template", file], { cwd: input, env, stdio: ["ignore", "ignore", "pipe"] });
    const err: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr: Buffer.concat(err).toString("utf8").trim() }));
  });
}

async function packageVersion(name: string): Promise<string> {
  return (JSON.parse(await readFile(join(repo, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * `npm run build` unless the plugin's compiled entries exist and the newest file under
 * generator/dist and cli/dist is newer than every source of the two packages (tsc rewrites every
 * output file on each build, so the newest output is the last build's time).
 */
async function buildIfStale(): Promise<void> {
  const entries = ["cli/dist/protoc-gen-concord.js", "generator/dist/protoc-plugin.js"];
  const present = (
    await Promise.all(
      entries.map((path) =>
        stat(join(repo, path)).then(
          () => true,
          () => false,
        ),
      ),
    )
  ).every(Boolean);
  const sources = await newest(["generator/src", "cli/src", "generator/package.json", "cli/package.json", "tsconfig.json"]);
  const built = await newest(["generator/dist", "cli/dist"]);
  if (present && built !== undefined && sources !== undefined && built > sources) return;
  await promisify(execFile)("npm", ["run", "build"], { cwd: repo });
}

async function newest(paths: readonly string[]): Promise<number | undefined> {
  let latest: number | undefined;
  for (const path of paths) {
    const full = join(repo, path);
    const info = await stat(full).catch(() => undefined);
    if (!info) continue;
    const times = info.isDirectory()
      ? await Promise.all(
          (await readdir(full, { recursive: true, withFileTypes: true }))
            .filter((e) => e.isFile())
            .map(async (e) => (await stat(join(e.parentPath, e.name))).mtimeMs),
        )
      : [info.mtimeMs];
    for (const time of times) latest = latest === undefined ? time : Math.max(latest, time);
  }
  return latest;
}
