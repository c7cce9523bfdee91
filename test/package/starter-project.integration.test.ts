/**
 * "A project of one's own": the path a new user takes, in a project outside the repository made
 * from the packed tarballs. The three packages and, pinned to this repository's versions, the peers
 * a project of all three kinds needs are installed with npm (and buf with protoc-gen-es as
 * devDependencies, for the `buf generate` step). Then, as the docs tell it:
 *
 * 1. `npx concord init --openapi --proto --asyncapi`: a config whose `$schema` is the installed
 *    JSON Schema, example contracts, npm scripts, and an install line naming exactly the peers
 *    installed here; `npx concord generate` and `npm run generate:check`.
 * 2. `npx concord scaffold service task --rest tasks --asyncapi task-events` (the example Connect
 *    service, REST document and consumed topic), a tsconfig from `tsc --init` edited as its own
 *    comments say for Node, the project's tsc, and plain `node` (no loader): ready line, /healthz,
 *    CreateTask answers Unimplemented to the generated client and to `buf curl`, REST 501, the
 *    skeleton's own node:test passes; one handler written in, rebuilt and restarted (Node 22 and
 *    24), the call succeeds; SIGTERM stops it with exit 0.
 * 3. `concord generate --watch`: an OpenAPI edit rewrites exactly the files it affects (the others
 *    keep content and mtime); SIGINT exits 0.
 * 4. An unknown config key: exit 3 naming the file, the key and `config-unknown-key`.
 * 5. `npx buf generate` with protoc-gen-es and protoc-gen-concord (docs/connect.md's buf.gen.yaml)
 *    writes what `concord generate` wrote under generated/proto.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedHeader } from "../../generator/src/core/header.js";
import { kafkaBrokers } from "../support/kafka/index.js";
import { waitUntil } from "../../tools/wait.js";
import { node24 } from "./support/node24.js";
import {
  childEnv,
  createProject,
  jsonLine,
  npmInstall,
  packWorkspaces,
  pinned,
  run,
  runOk,
  tempDir,
  type Tarballs,
} from "./support/npm-project.js";

const fixtures = join(import.meta.dirname, "fixtures/starter");
/**
 * The peers a project of all three kinds needs (init's "next:" names exactly these), its compiler,
 * and Node's types (the skeleton's main.ts, config.ts and node:test file use `process` and node:*).
 */
const registryPackages = [
  "kafkajs",
  "@bufbuild/protobuf",
  "@connectrpc/connect",
  "@connectrpc/connect-node",
  "@connectrpc/connect-web",
  "ajv",
  "ajv-formats",
  "typescript",
  "@types/node",
];
/** What a user adds for `buf generate` with protoc-gen-concord (docs/connect.md). */
const bufPackages = ["@bufbuild/buf", "@bufbuild/protoc-gen-es"];
const node22 = process.execPath;
const runId = randomBytes(4).toString("hex");

let work: string;
let project: string;
let tarballs: Tarballs;
let node24Path: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  expect(process.version, "the repository's Node runs the test").toMatch(/^v22\./);
  work = await tempDir("concord-starter-");
  project = join(work, "starter");
  await mkdir(join(work, "packs"));
  [tarballs, node24Path] = await Promise.all([packWorkspaces(join(work, "packs"), 120_000), node24(120_000)]);
  await createProject(project, "starter");
  const peers = await Promise.all(registryPackages.map(pinned));
  await npmInstall(project, [tarballs.runtime, tarballs.generator, tarballs.cli, ...peers], 150_000);
  await npmInstall(project, await Promise.all(bufPackages.map(pinned)), 60_000, ["--save-dev"]);
}, 180_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  if (work) await rm(work, { recursive: true, force: true });
}, 60_000);

const npx = (args: readonly string[], timeoutMs = 60_000) => run("npx", ["--no-install", ...args], { cwd: project, timeoutMs });
const projectFile = (path: string) => join(project, path);

interface Skeleton {
  urls: { rpc: string; http: string; ops: string };
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM; resolves with how it exited and how long that took (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** `node dist/services/task/main.js` (no flags, no loader) on loopback with free ports; resolves on its ready line. */
function startSkeleton(node: string, groupSuffix: string, timeoutMs = 60_000): Promise<Skeleton> {
  const env = {
    HOST: "127.0.0.1",
    RPC_PORT: "0",
    HTTP_PORT: "0",
    OPS_PORT: "0",
    KAFKA_BROKERS: kafkaBrokers().join(","),
    KAFKA_GROUP_SUFFIX: groupSuffix,
  };
  const child = spawn(node, ["dist/services/task/main.js"], { cwd: project, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once("exit", (code, signal) => {
      children.delete(child);
      done({ code, signal });
    }),
  );
  const skeleton: Skeleton = {
    urls: { rpc: "", http: "", ops: "" },
    stdout: () => stdout,
    stderr: () => stderr,
    async stop(stopTimeoutMs = 20_000) {
      const started = performance.now();
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
      const result = await exited;
      clearTimeout(killer);
      return { ...result, ms: Math.round(performance.now() - started) };
    },
  };
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${node}: no ready line within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    const onData = () => {
      const line = stdout.split("\n").find((l) => l.startsWith('{"ready"') && stdout.includes(`${l}\n`));
      if (!line) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      skeleton.urls = (JSON.parse(line) as { urls: Skeleton["urls"] }).urls;
      resolvePromise(skeleton);
    };
    child.stdout!.on("data", onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${node}: exited ${code ?? signal} before its ready line\n${stdout}\n${stderr}`));
    });
  });
}

/** The compiled fixture client: one CreateTask call through the generated client. */
async function callCreateTask(node: string, rpcUrl: string, title: string): Promise<Record<string, unknown>> {
  const result = await run(node, ["dist/src/call-task.js", rpcUrl, title], { cwd: project, timeoutMs: 20_000 });
  expect(result.code, result.stderr).toBe(0);
  return jsonLine(result);
}

/** The same call with buf's own client (no Concord code), HTTP/2 without TLS, schema from the proto sources. */
function bufCurlCreateTask(rpcUrl: string, title: string) {
  return npx(
    [
      "buf",
      "curl",
      "--http2-prior-knowledge",
      "--schema",
      "contracts/proto",
      "--data",
      JSON.stringify({ title }),
      `${rpcUrl}/task.v1.TaskService/CreateTask`,
    ],
    30_000,
  );
}

/** Node 24's kafkajs 2.2.4 negative-timer warning is the only stderr allowed (as in fresh-project). */
const stderrLines = (text: string) =>
  text.split("\n").filter((l) => !/TimeoutNegativeWarning|^Timeout duration was set to 1\.$|--trace-warnings/.test(l) && l.trim() !== "");

async function snapshot(root: string): Promise<Map<string, { mtimeMs: number; content: string }>> {
  const files = new Map<string, { mtimeMs: number; content: string }>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(full.slice(root.length + 1), { mtimeMs: (await stat(full)).mtimeMs, content: await readFile(full, "utf8") });
  }
  return files;
}

async function listFiles(root: string): Promise<string[]> {
  return [...(await snapshot(root)).keys()].sort();
}

describe("a project of one's own: init, generate, scaffold, build, run, watch", () => {
  it("`npx concord init --openapi --proto --asyncapi` writes a config whose $schema is the installed JSON Schema, example contracts and npm scripts", async () => {
    const init = await runOk("npx", ["--no-install", "concord", "init", "--openapi", "--proto", "--asyncapi"], {
      cwd: project,
      timeoutMs: 30_000,
    });
    for (const file of [
      "concord.config.json",
      "contracts/openapi/tasks.yaml",
      "contracts/proto/buf.yaml",
      "contracts/proto/task/v1/task.proto",
      "contracts/asyncapi/task-events.yaml",
    ]) {
      expect(init.stdout).toContain(`wrote  ${file}`);
      expect(existsSync(projectFile(file)), file).toBe(true);
    }
    expect(init.stdout).toContain("added  package.json scripts: generate, generate:check, breaking");
    // What init tells the user to install is what this project has: the CLI and TypeScript as dev
    // tools, the runtime and exactly the peers installed here (no more, no fewer).
    expect(init.stdout).toContain("npm install -D @concordkit/cli typescript");
    const told = /^ {2}npm install (@concordkit\/runtime .*)$/m.exec(init.stdout)?.[1]?.split(" ");
    expect(told, init.stdout).toBeDefined();
    expect([...told!].sort()).toEqual(
      ["@concordkit/runtime", ...registryPackages.filter((name) => name !== "typescript" && name !== "@types/node")].sort(),
    );
    const manifest = JSON.parse(await readFile(projectFile("package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(manifest.scripts).toEqual({
      generate: "concord generate",
      "generate:check": "concord generate --check",
      breaking: "concord breaking --against origin/main",
    });

    const config = JSON.parse(await readFile(projectFile("concord.config.json"), "utf8")) as Record<string, unknown>;
    expect(config).toMatchObject({ contracts: "contracts", out: "generated" });
    expect(typeof config.$schema).toBe("string");
    // Resolved as an editor resolves it: relative to the config file.
    const schemaFile = resolve(project, config.$schema as string);
    expect(existsSync(schemaFile), `${config.$schema} after npm install`).toBe(true);
    const schema = JSON.parse(await readFile(schemaFile, "utf8")) as Record<string, unknown>;
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    const validate = ajv.compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, outt: "x" })).toBe(false);
  }, 60_000);

  it("`npx concord generate` turns the three examples into code; `npm run generate:check` exits 0", async () => {
    const generate = await runOk("npx", ["--no-install", "concord", "generate"], { cwd: project, timeoutMs: 60_000 });
    expect(generate.stdout).toMatch(/wrote \d+ files to generated\//);
    const files = await listFiles(projectFile("generated"));
    expect(files).toEqual(
      expect.arrayContaining([
        "openapi/tasks/types.ts",
        "openapi/tasks/sdk/index.ts",
        "openapi/tasks/server/index.ts",
        "proto/task/v1/task_pb.ts",
        "proto/task/v1/task_service_client.ts",
        "proto/task/v1/task_service_server.ts",
        "asyncapi/task-events/consumer.ts",
        "asyncapi/task-events/producer.ts",
        "asyncapi/task-events/topics.ts",
      ]),
    );
    const check = await run("npm", ["run", "generate:check"], { cwd: project, timeoutMs: 60_000 });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/generated\/ is up to date \(\d+ files\)/);
  }, 120_000);

  it("`concord scaffold service task --rest tasks --asyncapi task-events` writes a skeleton for the Connect service, the REST document and the consumed topic", async () => {
    const scaffold = await npx(["concord", "scaffold", "service", "task", "--rest", "tasks", "--asyncapi", "task-events"]);
    expect(scaffold.code, scaffold.stderr).toBe(0);
    expect(scaffold.stdout).toContain("concord scaffold service task → services/task/");
    expect(scaffold.stdout).toMatch(/Connect +task\.v1\.TaskService \(2 methods\)/);
    expect(scaffold.stdout).toMatch(/REST +tasks\/tasks +\[--rest tasks\]/);
    expect(scaffold.stdout).toMatch(/AsyncAPI +task-events \(consumes tasks\.completed; produces tasks\.completed\)/);
    for (const file of [
      "main.ts",
      "service.ts",
      "config.ts",
      "context.ts",
      "service.test.ts",
      "README.md",
      "handlers/rpc/task-service.ts",
      "handlers/rest/tasks.ts",
      "handlers/kafka/tasks-completed.ts",
    ]) {
      expect(scaffold.stdout).toContain(`wrote  services/task/${file}`);
    }
    expect(scaffold.stdout).not.toContain("does not have yet"); // generated/ has every module the skeleton imports
    const readme = await readFile(projectFile("services/task/README.md"), "utf8");
    expect(readme).toContain("node <outDir>/services/task/main.js");
  }, 60_000);

  it("compiles with the project's tsc (a `tsc --init` tsconfig, edited for Node as its comments say: nodenext, outDir dist)", async () => {
    await runOk("npx", ["--no-install", "tsc", "--init"], { cwd: project, timeoutMs: 30_000 });
    let tsconfig = await readFile(projectFile("tsconfig.json"), "utf8");
    expect(tsconfig).toContain('"module": "nodenext"');
    const edits: Array<[string, string]> = [
      ['// "rootDir": "./src",', '"rootDir": ".",'],
      ['// "outDir": "./dist",', '"outDir": "./dist",'],
      ['"types": [],', ""],
      ['// "lib": ["esnext"],', '"lib": ["esnext"],'],
      ['// "types": ["node"],', '"types": ["node"],'],
    ];
    for (const [from, to] of edits) {
      expect(tsconfig, `tsc --init wrote ${from}`).toContain(from);
      tsconfig = tsconfig.replace(from, to);
    }
    await writeFile(projectFile("tsconfig.json"), tsconfig);
    await cp(join(fixtures, "src"), projectFile("src"), { recursive: true });

    const build = await npx(["tsc"], 120_000);
    expect(build.stdout + build.stderr).toBe("");
    expect(build.code).toBe(0);
    for (const file of [
      "services/task/main.js",
      "services/task/service.test.js",
      "generated/proto/task/v1/task_service_server.js",
      "src/call-task.js",
    ]) {
      expect(existsSync(projectFile(`dist/${file}`)), file).toBe(true);
    }
  }, 150_000);

  it("runs with plain node on loopback and the run's broker: ready line, /healthz 200, CreateTask Unimplemented (generated client and buf curl), REST 501; its own test passes; SIGTERM exits 0", async () => {
    const service = await startSkeleton(node22, `.${runId}-first`);
    for (const url of Object.values(service.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${service.urls.ops}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get("content-type")).toContain("application/json");
    expect(await health.json()).toMatchObject({
      status: "ok",
      healthy: true,
      groups: [{ groupId: `task-stats.${runId}-first`, running: true }],
    });

    expect(await callCreateTask(node22, service.urls.rpc, "first")).toEqual({
      code: "Unimplemented",
      message: "task.v1.TaskService.CreateTask is not implemented",
    });
    const curl = await bufCurlCreateTask(service.urls.rpc, "first");
    // buf curl prints a failed call's error as JSON on stderr and exits 8 × the code (Unimplemented is 12).
    expect(curl.code, curl.stdout + curl.stderr).toBe(96);
    expect(JSON.parse(curl.stderr)).toEqual({ code: "unimplemented", message: "task.v1.TaskService.CreateTask is not implemented" });

    const rest = await fetch(`${service.urls.http}/tasks/${crypto.randomUUID()}`);
    expect(rest.status).toBe(501);
    expect(rest.headers.get("content-type")).toBe("application/problem+json");
    expect(await rest.json()).toMatchObject({ status: 501 });

    // The skeleton's own first test, compiled, under node --test (it starts a second copy on free ports).
    const own = await run(node22, ["--test", "dist/services/task/service.test.js"], {
      cwd: project,
      env: { KAFKA_BROKERS: kafkaBrokers().join(",") },
      timeoutMs: 60_000,
    });
    expect(own.code, own.stdout + own.stderr).toBe(0);
    expect(own.stdout).toMatch(/# pass 1\b/);
    expect(own.stdout).toMatch(/# skipped 0\b/);

    const stopped = await service.stop();
    expect(stopped, service.stdout()).toMatchObject({ code: 0, signal: null });
    expect(stopped.ms).toBeLessThan(15_000);
    expect(service.stdout()).toContain('"msg":"SIGTERM: stopping"');
    expect(service.stdout()).toContain('"msg":"stopped"');
    expect(service.stderr()).toBe("");
  }, 120_000);

  it("with CreateTask written in, rebuilt and restarted (Node 22 and 24), the call succeeds for both clients; SIGTERM exits 0", async () => {
    const file = projectFile("services/task/handlers/rpc/task-service.ts");
    const stub = await readFile(file, "utf8");
    const body = 'throw new ConnectError("task.v1.TaskService.CreateTask is not implemented", Code.Unimplemented);';
    expect(stub).toContain(body);
    await writeFile(
      file,
      stub.replace(
        body,
        [
          'service.log.info("task created", { title: request.title });',
          "return { task: { taskId: crypto.randomUUID(), title: request.title, done: false } };",
        ].join("\n      "),
      ),
    );
    const build = await npx(["tsc"], 120_000);
    expect(build.stdout + build.stderr).toBe("");
    expect(build.code).toBe(0);

    const [on22, on24] = await Promise.all([startSkeleton(node22, `.${runId}-22`), startSkeleton(node24Path, `.${runId}-24`)]);
    for (const [service, node] of [
      [on22, node22],
      [on24, node24Path],
    ] as const) {
      const title = `from ${node === node22 ? "22" : "24"}`;
      const answer = await callCreateTask(node, service.urls.rpc, title);
      expect(answer).toEqual({ task: { taskId: expect.stringMatching(/^[0-9a-f-]{36}$/), title } });
    }
    const curl = await bufCurlCreateTask(on22.urls.rpc, "from buf");
    expect(curl.code, curl.stderr).toBe(0);
    expect(JSON.parse(curl.stdout)).toEqual({ task: { taskId: expect.stringMatching(/^[0-9a-f-]{36}$/), title: "from buf" } });

    const [stopped22, stopped24] = await Promise.all([on22.stop(), on24.stop()]);
    for (const [service, stopped, major] of [
      [on22, stopped22, "22"],
      [on24, stopped24, "24"],
    ] as const) {
      expect(stopped, `Node ${major}: ${service.stdout()}\n${service.stderr()}`).toMatchObject({ code: 0, signal: null });
      expect(stopped.ms).toBeLessThan(15_000);
      expect(service.stdout()).toContain('"msg":"task created"');
      expect(service.stdout()).toContain('"msg":"stopped"');
      expect(stderrLines(service.stderr()), `Node ${major}`).toEqual([]);
    }
  }, 120_000);

  it("`concord generate --watch`: an OpenAPI edit rewrites only the files it affects; SIGINT exits 0", async () => {
    const generated = projectFile("generated");
    const before = await snapshot(generated);
    // The project's bin, as `npm run` would start it (npx puts a shell between, which Ctrl-C reaches as a group).
    const child = spawn(projectFile("node_modules/.bin/concord"), ["generate", "--watch"], {
      cwd: project,
      env: childEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once("exit", (code, signal) => {
        children.delete(child);
        done({ code, signal });
      }),
    );
    const summaries = () => out.split("\n").filter((line) => / generated\/: .*; watching contracts\/$/.test(line));
    const describeOutput = () => `stdout:\n${out}\nstderr:\n${err}`;
    try {
      await waitUntil(() => summaries().length === 1, 30_000, describeOutput);
      expect(summaries()[0]).toMatch(/generated\/: up to date \(\d+ files, \d+ ms\)/);

      const tasks = projectFile("contracts/openapi/tasks.yaml");
      const text = await readFile(tasks, "utf8");
      const dueDate = "        dueDate: { type: string, format: date, description: The day the task is due, if any. }\n";
      expect(text).toContain(dueDate);
      await writeFile(
        tasks,
        text.replace(
          dueDate,
          `${dueDate}        priority: { type: integer, minimum: 1, maximum: 5, description: 1 is the most urgent. }\n`,
        ),
      );
      await waitUntil(() => summaries().length === 2, 30_000, describeOutput);
      expect(out).toContain("changed: contracts/openapi/tasks.yaml");
      expect(summaries()[1]).toMatch(/generated\/: 0 new, 2 changed, 0 removed/);

      const reported = out
        .split("\n")
        .filter((line) => line.startsWith("changed   generated/"))
        .map((line) => line.slice("changed   generated/".length))
        .sort();
      expect(reported).toEqual(["openapi/tasks/server/body-validators.ts", "openapi/tasks/types.ts"]);
      const after = await snapshot(generated);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [path, was] of before) {
        const now = after.get(path)!;
        if (reported.includes(path)) {
          expect(now.content, path).not.toBe(was.content);
          expect(now.mtimeMs, path).toBeGreaterThan(was.mtimeMs);
        } else {
          expect(now.content, path).toBe(was.content);
          expect(now.mtimeMs, `${path} kept its mtime`).toBe(was.mtimeMs);
        }
      }
      expect(after.get("openapi/tasks/types.ts")!.content).toContain("priority?: number");
      expect(err).toBe("");
    } finally {
      child.kill("SIGINT");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const result = await exited;
      clearTimeout(killer);
      expect(result, describeOutput()).toEqual({ code: 0, signal: null });
    }
    expect(out).toContain("stopped watching");
  }, 90_000);

  it("a config with an unknown key: `npx concord generate` exits 3 naming the file, the key and the rule (config restored after)", async () => {
    const file = projectFile("concord.config.json");
    const original = await readFile(file, "utf8");
    try {
      await writeFile(file, `${JSON.stringify({ ...(JSON.parse(original) as object), outt: "x" }, null, 2)}\n`);
      const generate = await npx(["concord", "generate"]);
      expect(generate.code, generate.stdout + generate.stderr).toBe(3);
      expect(generate.stderr).toMatch(/^concord\.config\.json:\d+ at \/outt: unknown key "outt"; .*\[config-unknown-key\]$/m);
    } finally {
      await writeFile(file, original);
    }
    const check = await npx(["concord", "generate", "--check"]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  }, 90_000);

  it("`npx buf generate` with protoc-gen-es and protoc-gen-concord (docs/connect.md's buf.gen.yaml) writes what concord generate wrote under generated/proto", async () => {
    for (const bin of ["buf", "protoc-gen-es", "protoc-gen-concord"]) {
      expect(
        lstatSync(projectFile(`node_modules/.bin/${bin}`), { throwIfNoEntry: false })?.isSymbolicLink(),
        `node_modules/.bin/${bin}`,
      ).toBe(true);
    }
    const out = join(work, "buf-out");
    const template = [
      "version: v2",
      "inputs:",
      "  - directory: contracts/proto",
      "plugins:",
      "  - local: protoc-gen-es",
      `    out: ${out}`,
      "    opt: [target=ts, import_extension=js]",
      "    strategy: all",
      "  - local: protoc-gen-concord",
      `    out: ${out}`,
      "    opt: [target=ts, import_extension=js]",
      "    strategy: all",
      "",
    ].join("\n");
    await writeFile(projectFile("buf.gen.yaml"), template);
    const buf = await npx(["buf", "generate"]);
    expect(buf.stderr).toBe("");
    expect(buf.code).toBe(0);

    const expectedDir = projectFile("generated/proto");
    const names = await listFiles(out);
    expect(names).toEqual(await listFiles(expectedDir));
    expect(names).toEqual(["task/v1/task_pb.ts", "task/v1/task_service_client.ts", "task/v1/task_service_server.ts"]);
    const esVersion = (
      JSON.parse(await readFile(projectFile("node_modules/@bufbuild/protoc-gen-es/package.json"), "utf8")) as { version: string }
    ).version;
    for (const name of names) {
      const written = await readFile(join(out, name), "utf8");
      const expected = await readFile(join(expectedDir, name), "utf8");
      if (name.endsWith("_pb.ts")) {
        // protoc-gen-es writes the _pb.ts itself; concord generate runs the same plugin and puts its 3-line header above.
        expect(generatedHeader(`protoc-gen-es v${esVersion}`, name.replace(/_pb\.ts$/, ".proto")) + written, name).toBe(expected);
      } else {
        expect(written, name).toBe(expected);
      }
    }
  }, 60_000);
});
