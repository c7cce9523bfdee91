import { execFileSync } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli } from "./run-cli.js";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=ci@concord.test", "-c", "user.name=ci", "-c", "commit.gpgsign=false", ...args], {
    cwd,
  }).toString();
}

/** A repository whose first commit holds a fixture's base tree under contracts/, and whose work tree holds its head. */
async function repoWithChange(kind: string, name: string): Promise<string> {
  const repo = await mkdtemp(join(tmpdir(), "concord-git-"));
  git(repo, "init", "-q");
  await cp(join(FIXTURES, kind, name, "base"), join(repo, "contracts"), { recursive: true });
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "baseline");
  await rm(join(repo, "contracts"), { recursive: true });
  await cp(join(FIXTURES, kind, name, "head"), join(repo, "contracts"), { recursive: true });
  return repo;
}

describe("concord breaking --against <git ref>", () => {
  it("extracts the contracts folder at the ref and finds the change in the work tree", async () => {
    const repo = await repoWithChange("openapi", "path-removed");
    const { code, out } = await runCli("breaking", "--contracts", join(repo, "contracts"), "--against", "HEAD");
    expect(code).toBe(1);
    expect(out).toContain("api-path-removed");
    expect(out).toMatch(/against git HEAD \([0-9a-f]{12}\)/);
  });

  it("compares two commits after the change is committed", async () => {
    const repo = await repoWithChange("asyncapi", "topic-partitions-decreased");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "fewer partitions");
    const against = await runCli("breaking", "--contracts", join(repo, "contracts"), "--against", "HEAD~1", "--format", "json");
    expect(against.code).toBe(1);
    const report = JSON.parse(against.out) as { findings: { rule: string }[] };
    expect(report.findings.map((f) => f.rule)).toEqual(["topic-partitions-decreased"]);
    expect((await runCli("breaking", "--contracts", join(repo, "contracts"), "--against", "HEAD")).code).toBe(0);
  });

  it("exits 2 when the ref does not exist (HEAD~1 of a first commit)", async () => {
    const repo = await repoWithChange("openapi", "path-removed");
    const { code, err } = await runCli("breaking", "--contracts", join(repo, "contracts"), "--against", "HEAD~1");
    expect(code).toBe(2);
    expect(err).toContain('baseline "HEAD~1" is neither a folder nor a git ref');
  });

  it("treats a contracts folder that did not exist at the ref as all new", async () => {
    const repo = await mkdtemp(join(tmpdir(), "concord-git-"));
    git(repo, "init", "-q");
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty");
    await cp(join(FIXTURES, "openapi", "path-removed", "head"), join(repo, "contracts"), { recursive: true });
    const { code, out } = await runCli("diff", "--contracts", join(repo, "contracts"), "--against", "HEAD");
    expect(code).toBe(0);
    expect(out).toContain("contract-file-added");
  });
});

describe("scripts/check-contracts.sh", () => {
  it("skips with a message, exit 0, where there is no previous commit", async () => {
    const repo = await mkdtemp(join(tmpdir(), "concord-git-"));
    await cp(join(import.meta.dirname, "..", "..", "scripts", "check-contracts.sh"), join(repo, "scripts", "check-contracts.sh"));
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "first");
    const out = execFileSync("bash", [join(repo, "scripts", "check-contracts.sh")], {
      env: { ...process.env, CONCORD_BREAKING_AGAINST: "" },
    }).toString();
    expect(out).toContain("no HEAD~1 here (first commit or shallow clone); skipping concord breaking");
  });
});
