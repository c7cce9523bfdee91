import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import type { InitOptions } from "../commands/init.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";
import { writeTemplates } from "../templates/write-templates.js";

type Kind = "openapi" | "proto" | "asyncapi";

const KINDS: readonly { kind: Kind; title: string; peers: readonly string[] }[] = [
  { kind: "openapi", title: "OpenAPI", peers: ["ajv", "ajv-formats"] },
  // connect-web too: the generated clients' createRpcClient (`@concordkit/runtime/rpc`) imports its fetch transport.
  {
    kind: "proto",
    title: "proto",
    peers: ["@bufbuild/protobuf", "@connectrpc/connect", "@connectrpc/connect-node", "@connectrpc/connect-web"],
  },
  { kind: "asyncapi", title: "AsyncAPI", peers: ["kafkajs"] },
];

/**
 * Where a project that ran `npm install -D @concordkit/cli` has the config's schema: the CLI
 * depends on @concordkit/generator, which npm installs (hoisted) beside it, and which ships the
 * schema at its root (and exports it as `@concordkit/generator/config.schema.json`).
 */
export const CONFIG_SCHEMA_PATH = "./node_modules/@concordkit/generator/config.schema.json";

/** The npm scripts init adds to package.json, each only where the project has none of that name. */
export const INIT_SCRIPTS: Readonly<Record<string, string>> = {
  generate: "concord generate",
  "generate:check": "concord generate --check",
  breaking: "concord breaking --against origin/main",
};

export async function runInit(options: InitOptions, io: Io): Promise<ExitCode> {
  const target = resolve(options.dir ?? ".");
  const existing = await stat(target).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    io.err(`concord init: ${options.dir ?? target} is not a folder`);
    return ExitCode.Usage;
  }
  const asked = KINDS.filter(({ kind }) => options[kind]);
  const kinds = asked.length > 0 ? asked : KINDS;
  await mkdir(target, { recursive: true });

  const written: string[] = [];
  const kept: string[] = [];
  const add = (outcome: { written: string[]; kept: string[] }) => {
    written.push(...outcome.written);
    kept.push(...outcome.kept);
  };
  add(await writeTemplates("init/config", target, { schemaPath: CONFIG_SCHEMA_PATH }));
  for (const { kind } of kinds) add(await writeTemplates(`init/${kind}`, target, {}));
  const scripts = await addScripts(target);
  if (scripts.created) add(scripts.created);

  const shown = relative(process.cwd(), target) || ".";
  io.out(`concord init: ${kinds.map((k) => k.title).join(", ")} in ${shown === "." ? "the current folder" : `${shown}/`}`);
  for (const path of written)
    io.out(`wrote  ${path}${path === "package.json" ? ` (scripts ${Object.keys(INIT_SCRIPTS).join(", ")})` : ""}`);
  for (const path of kept) io.out(`kept   ${path} (it exists; left as it was)`);
  if (scripts.added.length > 0) io.out(`added  package.json scripts: ${scripts.added.join(", ")}`);
  if (scripts.present.length > 0) io.out(`kept   package.json scripts: ${scripts.present.join(", ")} (already set)`);
  if (scripts.problem) io.err(`concord init: ${scripts.problem}; add these scripts yourself: ${JSON.stringify(INIT_SCRIPTS)}`);

  const peers = kinds.flatMap((k) => k.peers);
  io.out("");
  io.out("next:");
  if (shown !== ".") io.out(`  cd ${shellWord(shown)}`);
  io.out("  npm install -D @concordkit/cli typescript @types/node");
  io.out(`  npm install @concordkit/runtime ${peers.join(" ")}`);
  io.out("  npm run generate          # writes generated/ from contracts/");
  io.out("  npm run generate:check    # in CI: exits 1 when generated/ is stale");
  io.out("  npm run breaking          # once the contracts are committed: what a change breaks against origin/main");
  return ExitCode.Ok;
}

interface ScriptsOutcome {
  /** package.json did not exist and was written from the template. */
  created?: { written: string[]; kept: string[] };
  added: string[];
  present: string[];
  problem?: string;
}

/**
 * A new package.json (an ES module project) comes from the template; an existing one gets the
 * scripts it lacks and keeps everything else, its key order and its indentation. It is replaced
 * by a rename, so a failure leaves it as it was.
 */
async function addScripts(target: string): Promise<ScriptsOutcome> {
  const file = join(target, "package.json");
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) {
    const created = await writeTemplates("init/package", target, { name: packageName(target), scripts: INIT_SCRIPTS });
    return { created, added: [], present: [] };
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return { added: [], present: [], problem: "package.json is not valid JSON, so it was left as it was" };
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    return { added: [], present: [], problem: "package.json is not a JSON object, so it was left as it was" };
  }
  const record = manifest as Record<string, unknown>;
  const scripts = record["scripts"] ?? {};
  if (typeof scripts !== "object" || scripts === null || Array.isArray(scripts)) {
    return { added: [], present: [], problem: "the scripts of package.json are not an object, so it was left as it was" };
  }
  const current = scripts as Record<string, unknown>;
  const added = Object.keys(INIT_SCRIPTS).filter((name) => !(name in current));
  const present = Object.keys(INIT_SCRIPTS).filter((name) => name in current);
  if (added.length === 0) return { added, present };
  record["scripts"] = { ...current, ...Object.fromEntries(added.map((name) => [name, INIT_SCRIPTS[name]])) };
  const indent = /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? 2;
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const json = JSON.stringify(record, null, indent).replace(/\n/g, newline);
  const temp = join(target, `.package.json.concord-${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(temp, text.endsWith("\n") ? `${json}${newline}` : json);
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
  return { added, present };
}

function shellWord(word: string): string {
  return /^[\w./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** An npm package name from the folder's name: lower case, URL-safe, not starting with . or _. */
function packageName(folder: string): string {
  const name = basename(folder)
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+/, "")
    .slice(0, 214);
  return name === "" ? "my-project" : name;
}
