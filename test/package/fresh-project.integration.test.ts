/**
 * Concord in someone else's repository. The three packages are packed as npm would publish them
 * and installed, with only the peers a project needs, into a new project in the OS's temp folder
 * (nothing of this repository on its PATH or above it). There `npx concord generate` turns
 * contracts of all three kinds (fixtures/contracts) into code; the project's own TypeScript checks
 * it strict under nodenext and under bundler resolution, compiles it, and plain `node` 22 and 24
 * run the fixture programs (fixtures/project/src): REST stubs answered by the SDK, a Connect
 * server and client, a Kafka producer and consumer on the run's broker. The SDK is bundled for
 * the browser (esbuild, and vite when it installs) and driven in headless Chromium from the same
 * origin as the REST server. A second project with the runtime alone shows what a missing peer
 * says, and a runtime older than the generated code is refused at start.
 */
import { cp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaBrokers } from "../support/kafka/index.js";
import { launchChromium, pageResult, serverOnlyCode, sizes, startServerProgram, type RunningProgram } from "./support/browser.js";
import { node24 } from "./support/node24.js";
import {
  createProject,
  jsonLine,
  npmInstall,
  packWorkspaces,
  pinned,
  repoRoot,
  run,
  runOk,
  tempDir,
  type RunResult,
  type Tarballs,
} from "./support/npm-project.js";

// biome-ignore lint/suspicious/noExplicitAny: a program's JSON output, read field by field by the expectations
type ProgramOutput = Record<string, any>;

const fixtures = join(import.meta.dirname, "fixtures");
/** What the project installs besides the three tarballs: the peers its generated code needs, and its tools. */
const registryPackages = [
  "kafkajs",
  "@bufbuild/protobuf",
  "@connectrpc/connect",
  "@connectrpc/connect-node",
  // The /rpc entry's default transport for `{ baseUrl }` targets (and the browser's).
  "@connectrpc/connect-web",
  "ajv",
  "ajv-formats",
  "typescript",
  "@types/node",
  "esbuild",
];
const node22 = process.execPath;

let work: string;
let project: string;
let bare: string;
let tarballs: Tarballs;
let node24Path: string;
let concordVersion: string;
let webServer: RunningProgram | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  expect(process.version, "the repository's Node runs the test").toMatch(/^v22\./);
  work = await tempDir("concord-fresh-");
  project = join(work, "project");
  bare = join(work, "bare");
  await mkdir(join(work, "packs"));
  [tarballs, node24Path] = await Promise.all([packWorkspaces(join(work, "packs"), 120_000), node24(120_000)]);
  concordVersion = (JSON.parse(await readFile(join(repoRoot, "cli/package.json"), "utf8")) as { version: string }).version;

  await createProject(project, "fresh-project");
  await cp(join(fixtures, "project"), project, { recursive: true });
  await cp(join(fixtures, "contracts"), join(project, "contracts"), { recursive: true });
  await createProject(bare, "bare-project");
  const peers = await Promise.all(registryPackages.map(pinned));
  await Promise.all([
    npmInstall(project, [tarballs.runtime, tarballs.generator, tarballs.cli, ...peers], 150_000),
    npmInstall(bare, [tarballs.runtime], 60_000),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await webServer?.stop();
  if (work) await rm(work, { recursive: true, force: true });
}, 60_000);

/** Runs a compiled fixture program under `node` (no loader, no flags) and returns its JSON line, after checking it exited 0. */
async function program<T>(
  node: string,
  script: string,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<{ line: T; run: RunResult }> {
  const result = await run(node, [join("dist/src", script)], { cwd: project, env, timeoutMs });
  expect(result.code, `${script} on ${node}: ${result.stderr}`).toBe(0);
  return { line: jsonLine<T>(result), run: result };
}

/** Both Nodes at once: the programs share nothing but the broker. */
function onBothNodes<T>(body: (node: string) => Promise<T>): Promise<[T, T]> {
  return Promise.all([body(node22), body(node24Path)]);
}

describe("Concord installed from its tarballs into a fresh project", () => {
  it("installs the three tarballs and only the peers the project uses", async () => {
    const manifest = JSON.parse(await readFile(join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(
      ["@concordkit/cli", "@concordkit/generator", "@concordkit/runtime", ...registryPackages].sort(),
    );
    expect(existsSync(join(project, "node_modules/pg")), "pg is no one's dependency here").toBe(false);
    const installed = JSON.parse(await readFile(join(project, "node_modules/@concordkit/runtime/package.json"), "utf8")) as {
      version: string;
    };
    expect(installed.version).toBe(concordVersion);
    expect(existsSync(join(project, "node_modules/@concordkit/runtime/dist/index.js"))).toBe(true);
  });

  it("`npx concord generate` writes generated/openapi, generated/proto and generated/asyncapi, every module TypeScript", async () => {
    const generate = await runOk("npx", ["--no-install", "concord", "generate"], { cwd: project, timeoutMs: 90_000 });
    expect(generate.stdout).toMatch(/wrote \d+ files to generated\//);
    for (const kind of ["openapi", "proto", "asyncapi"]) expect(existsSync(join(project, "generated", kind)), kind).toBe(true);
    const files = (await readdir(join(project, "generated"), { recursive: true })).map(String).filter((f) => /\.[cm]?[jt]s$/.test(f));
    expect(files).toEqual(
      expect.arrayContaining([
        "openapi/notes/sdk/index.ts",
        "openapi/notes/server/router.ts",
        "openapi/notes/server/body-validators.ts",
        "proto/notes/v1/notes_pb.ts",
        "proto/notes/v1/word_service_client.ts",
        "proto/notes/v1/word_service_server.ts",
        "asyncapi/notes-service/producer.ts",
        "asyncapi/notes-service/consumer.ts",
        "asyncapi/topics.ts",
      ]),
    );
    // A .js module beside a .d.ts would be left out of the project's tsc output (outDir).
    expect(files.filter((file) => !file.endsWith(".ts") || file.endsWith(".d.ts"))).toEqual([]);
    const router = await readFile(join(project, "generated/openapi/notes/server/router.ts"), "utf8");
    expect(router).toContain(`@generated by concord v${concordVersion}`);
    expect(router).toContain(`requireRuntime("${concordVersion}")`);
  }, 120_000);

  it("type-checks strict with the project's own tsc: nodenext, and esnext with bundler resolution; no output", async () => {
    const tsc = join(project, "node_modules/typescript/bin/tsc");
    const [nodenext, bundler] = await Promise.all([
      run(node22, [tsc, "-p", "tsconfig.json", "--strict", "--noEmit"], { cwd: project, timeoutMs: 120_000 }),
      run(node22, [tsc, "-p", "tsconfig.bundler.json", "--strict"], { cwd: project, timeoutMs: 120_000 }),
    ]);
    expect(nodenext.stdout + nodenext.stderr).toBe("");
    expect(nodenext.code).toBe(0);
    expect(bundler.stdout + bundler.stderr).toBe("");
    expect(bundler.code).toBe(0);
  }, 150_000);

  it("compiles with the project's tsc (nodenext, outDir dist), generated validators included", async () => {
    const tsc = join(project, "node_modules/typescript/bin/tsc");
    const build = await run(node22, [tsc, "-p", "tsconfig.json", "--strict"], { cwd: project, timeoutMs: 120_000 });
    expect(build.stdout + build.stderr).toBe("");
    expect(build.code).toBe(0);
    for (const file of [
      "src/rest.js",
      "src/rpc.js",
      "src/kafka.js",
      "generated/openapi/notes/server/body-validators.js",
      "generated/asyncapi/validators/concord-fresh-project-notes-written.js",
    ]) {
      expect(existsSync(join(project, "dist", file)), file).toBe(true);
    }
  }, 150_000);

  it("REST: the generated server stubs on node:http answer the generated SDK (typed 201/200, 400 problem+json for a bad body and a bad path parameter), on Node 22 and 24", async () => {
    const [on22, on24] = await onBothNodes((node) => program<ProgramOutput>(node, "rest.js"));
    for (const [{ line, run: result }, major] of [
      [on22, "22"],
      [on24, "24"],
    ] as const) {
      expect(line.node).toMatch(new RegExp(`^v${major}\\.`));
      expect(line.created).toEqual({ status: 201, noteId: 1, title: "first", tags: ["a"] });
      expect(line.read).toEqual({ status: 200, title: "first" });
      expect(line.badBody.status).toBe(400);
      expect(line.badBody.contentType).toBe("application/problem+json");
      expect(line.badBody.error.errors).toEqual([expect.objectContaining({ in: "body", pointer: "/title", keyword: "minLength" })]);
      expect(line.badParam.status).toBe(400);
      expect(line.badParam.contentType).toBe("application/problem+json");
      expect(line.badParam.error.errors).toEqual([expect.objectContaining({ in: "path", name: "noteId", keyword: "minimum" })]);
      expect(line.missing).toEqual({ status: 404 });
      expect(result.stderr).toBe("");
    }
  }, 60_000);

  it("Connect-RPC: the generated server (serve…) and client, one unary call over HTTP/2, on Node 22 and 24", async () => {
    const [on22, on24] = await onBothNodes((node) => program<ProgramOutput>(node, "rpc.js"));
    for (const [{ line, run: result }, major] of [
      [on22, "22"],
      [on24, "24"],
    ] as const) {
      expect(line).toMatchObject({ words: 4, longest: "contracts", type: "notes.v1.CountWordsResponse" });
      expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(line.node).toMatch(new RegExp(`^v${major}\\.`));
      expect(result.stderr).toBe("");
    }
  }, 60_000);

  it("Kafka: topics from the generated provision function, one message through the generated producer and consumer, an invalid payload refused; Node 22 and 24", async () => {
    const env = { CONCORD_KAFKA_BROKERS: kafkaBrokers().join(",") };
    // Both runs provision the same topics; one after the other, so that neither races the other's create.
    const first = await program<ProgramOutput>(node22, "kafka.js", env, 60_000);
    const second = await program<ProgramOutput>(node24Path, "kafka.js", env, 60_000);
    const topic = "concord.fresh-project.notes-written";
    for (const [{ line, run: result }, major] of [
      [first, "22"],
      [second, "24"],
    ] as const) {
      expect(line.node).toMatch(new RegExp(`^v${major}\\.`));
      expect([...line.provisioned.created, ...line.provisioned.unchanged].sort()).toEqual([topic, `${topic}.dlq`]);
      expect(line.sentTopic).toBe(topic);
      expect(line.received).toMatchObject({ topic, key: "n-1", payload: { noteId: "n-1", title: "first" } });
      expect(line.refused).toEqual({ name: "MessageValidationError", sent: false });
      // kafkajs 2.2.4's request queue sets a negative timer, which Node 24 warns about; nothing else may be said.
      const stderr = result.stderr
        .split("\n")
        .filter((l) => !/TimeoutNegativeWarning|^Timeout duration was set to 1\.$|--trace-warnings/.test(l) && l.trim() !== "");
      expect(stderr).toEqual([]);
    }
    expect(second.line.received.payload.runId).not.toBe(first.line.received.payload.runId);
  }, 150_000);

  it("bundles the SDK for the browser (esbuild; vite when it installs) without server code, and the page calls the REST server through it in headless Chromium", async () => {
    await mkdir(join(project, "web"), { recursive: true });
    const esbuild = await runOk(
      join(project, "node_modules/.bin/esbuild"),
      [
        "src/browser-entry.ts",
        "--bundle",
        "--platform=browser",
        "--format=esm",
        "--minify",
        "--outfile=web/sdk.js",
        "--metafile=web/sdk.meta.json",
        "--log-level=warning",
      ],
      { cwd: project, timeoutMs: 60_000 },
    );
    expect(esbuild.stderr).toBe("");
    const bundle = await readFile(join(project, "web/sdk.js"), "utf8");
    expect(serverOnlyCode(bundle)).toEqual([]);
    const inputs = Object.keys((JSON.parse(await readFile(join(project, "web/sdk.meta.json"), "utf8")) as { inputs: object }).inputs);
    expect(inputs.filter((input) => /node_modules\/(?!@concordkit\/runtime\/)/.test(input))).toEqual([]);
    expect(inputs.filter((input) => /@concordkit\/runtime\/dist\/(kafka|server|rpc|outbox|validation|peer)/.test(input))).toEqual([]);
    const size = sizes(bundle);
    console.log(`sdk browser bundle: ${size.bytes} bytes (gzip ${size.gzip})`);
    expect(size.bytes).toBeLessThan(30_000);

    const page = await readFile(join(project, "web/page.html"), "utf8");
    await writeFile(join(project, "web/index.html"), page.replace("/BUNDLE", "/sdk.js"));
    const pages = ["/"];

    const vite = await npmInstall(project, [await pinned("vite")], 90_000, ["--save-dev"]).catch((error: Error) => error);
    if (vite instanceof Error) {
      console.log(`vite did not install in the fresh project, so no vite bundle was checked:\n${vite.message.slice(0, 2_000)}`);
    } else {
      await runOk(join(project, "node_modules/.bin/vite"), ["build"], { cwd: project, timeoutMs: 60_000 });
      const viteBundle = await readFile(join(project, "dist-vite/sdk-vite.js"), "utf8");
      expect(serverOnlyCode(viteBundle)).toEqual([]);
      const viteSize = sizes(viteBundle);
      console.log(`sdk browser bundle (vite): ${viteSize.bytes} bytes (gzip ${viteSize.gzip})`);
      expect(viteSize.bytes).toBeLessThan(30_000);
      await writeFile(join(project, "web/sdk-vite.js"), viteBundle);
      await writeFile(join(project, "web/vite.html"), page.replace("/BUNDLE", "/sdk-vite.js"));
      pages.push("/vite.html");
    }

    webServer = await startServerProgram(node22, "dist/src/web-server.js", project, 20_000);
    browser = await launchChromium(30_000);
    for (const path of pages) {
      const { result, text, errors } = await pageResult(browser, `${webServer.url}${path}`, 20_000);
      expect(result, path).toEqual({
        created: { status: 201, title: "from the browser" },
        read: { status: 200, title: "from the browser" },
        bad: { status: 400, contentType: "application/problem+json" },
      });
      expect(JSON.parse(text)).toEqual(result);
      expect(errors, path).toEqual([]);
    }
  }, 180_000);

  it("with the runtime alone (no peers): /sdk and the root entry load; /kafka and /validation exit with one line naming their peer, no stack", async () => {
    const manifest = JSON.parse(await readFile(join(bare, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).toEqual(["@concordkit/runtime"]);
    expect((await readdir(join(bare, "node_modules"))).filter((entry) => !entry.startsWith("."))).toEqual(["@concordkit"]);
    const load = (node: string, entry: string) =>
      run(node, ["-e", `await import(${JSON.stringify(entry)})`], { cwd: bare, timeoutMs: 20_000 });
    await onBothNodes(async (node) => {
      for (const entry of ["@concordkit/runtime/sdk", "@concordkit/runtime"]) {
        const loaded = await load(node, entry);
        expect(loaded.stderr, entry).toBe("");
        expect(loaded.code, entry).toBe(0);
      }
      for (const [entry, peer] of [
        ["@concordkit/runtime/kafka", "kafkajs"],
        ["@concordkit/runtime/validation", "ajv"],
      ] as const) {
        const failed = await load(node, entry);
        expect(failed.code, entry).not.toBe(0);
        expect(failed.stderr).toContain(`${entry} needs the package ${peer}`);
        expect(failed.stderr).toContain(`npm install ${peer}@`);
        expect(failed.stderr, "no stack frames").not.toMatch(/^ {4}at /m);
      }
    });
  }, 60_000);

  it("refuses to start against an older runtime, naming both versions (last: it edits the installed runtime and puts it back)", async () => {
    const versionFile = join(project, "node_modules/@concordkit/runtime/dist/version.js");
    const original = await readFile(versionFile, "utf8");
    expect(original).toContain(`export const RUNTIME_VERSION = "${concordVersion}";`);
    await writeFile(join(work, "version.js.orig"), original);
    try {
      await writeFile(
        versionFile,
        original.replace(`export const RUNTIME_VERSION = "${concordVersion}";`, 'export const RUNTIME_VERSION = "0.0.1";'),
      );
      const older = await run(node22, ["dist/src/rest.js"], { cwd: project, timeoutMs: 20_000 });
      expect(older.code).not.toBe(0);
      expect(older.stdout).toBe("");
      expect(older.stderr).toContain("RuntimeVersionError");
      expect(older.stderr).toContain(
        `code generated by Concord ${concordVersion} needs @concordkit/runtime ^${concordVersion}, but 0.0.1 is installed`,
      );
      expect(older.stderr, "no stack frames").not.toMatch(/^ {4}at /m);
    } finally {
      await writeFile(versionFile, original);
    }
    const restored = await run(node22, ["dist/src/rest.js"], { cwd: project, timeoutMs: 20_000 });
    expect(restored.code).toBe(0);
  }, 60_000);
});
