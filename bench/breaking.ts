// Benchmark: `concord breaking` between two versions of GitHub's REST description (@octokit/openapi),
// installed side by side as the dev dependencies octokit-openapi-old and octokit-openapi-new.
// Run: npx tsx bench/breaking.ts   (prints wall time, peak RSS and the findings by level and rule)
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main } from "../cli/src/main.js";
import type { Finding, Summary } from "../generator/src/breaking/index.js";

const require = createRequire(import.meta.url);
const SPEC = "generated/api.github.com.json";

async function side(root: string, name: string, pkg: string): Promise<{ dir: string; version: string; apiVersion: string }> {
  const packageDir = dirname(require.resolve(`${pkg}/package.json`));
  const dir = join(root, name);
  await mkdir(join(dir, "openapi"), { recursive: true });
  await symlink(join(packageDir, SPEC), join(dir, "openapi", "github.json"));
  const version = (JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  const spec = JSON.parse(await readFile(join(packageDir, SPEC), "utf8")) as { info: { version: string } };
  return { dir, version, apiVersion: spec.info.version };
}

const root = await mkdtemp(join(tmpdir(), "concord-bench-"));
try {
  const base = await side(root, "old", "octokit-openapi-old");
  const head = await side(root, "new", "octokit-openapi-new");
  // Baseline in the same process, so a loaded machine shows in both numbers: just parsing the two specs.
  const parseStarted = performance.now();
  for (const dir of [base.dir, head.dir]) JSON.parse(await readFile(join(dir, "openapi", "github.json"), "utf8"));
  const parseMs = performance.now() - parseStarted;
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const output: string[] = [];
  const io = { out: (line: string) => output.push(line), err: (line: string) => console.error(line), exitCode: 0 };
  const code = await main(["node", "concord", "breaking", "--contracts", head.dir, "--against", base.dir, "--format", "json"], io);
  const ms = performance.now() - started;
  const { findings, summary } = JSON.parse(output.join("\n")) as { findings: Finding[]; summary: Summary };
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  console.log(`@octokit/openapi ${base.version} (API ${base.apiVersion}) → ${head.version} (API ${head.apiVersion}), ${SPEC}`);
  console.log(
    `time       ${(ms / 1000).toFixed(2)} s (${(ms / parseMs).toFixed(1)}× the ${(parseMs / 1000).toFixed(2)} s JSON.parse of both specs)`,
  );
  console.log(`peak RSS   ${mb(process.resourceUsage().maxRSS * 1024)} (RSS before the run ${mb(rssBefore)})`);
  console.log(
    `exit code  ${code}; findings ${findings.length}: ${summary.error} error, ${summary.warning} warning (info is listed by concord diff)`,
  );
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  const top = [...byRule].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`top rules  ${top.map(([rule, n]) => `${rule} ${n}`).join(", ")}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
