/**
 * The browser half of test/package: what a browser bundle must not contain, its size, a
 * long-running server program of the fresh project, and a page loaded in headless Chromium
 * (Debian's, driven by playwright-core as in test/examples).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "playwright-core";
import { childEnv } from "./npm-project.js";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Server-only code a bundle of the SDK must not pull in: Node built-ins, kafkajs, pg, ajv, Connect's Node transport. */
export function serverOnlyCode(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(/["'`](node:[\w/]+)["'`]/g)) found.push(match[1]!);
  for (const word of ["kafkajs", "ajv", "connect-node"]) if (new RegExp(`\\b${word}\\b`).test(code)) found.push(word);
  if (/["'`]pg["'`]|\/pg\//.test(code)) found.push("pg");
  return [...new Set(found)];
}

export function sizes(code: string): { bytes: number; gzip: number } {
  const buffer = Buffer.from(code);
  return { bytes: buffer.length, gzip: gzipSync(buffer, { level: 9 }).length };
}

export interface RunningProgram {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `node <script>` (a server that prints `{"url":…}` once listening and stops when its
 * standard input closes), bounded by `timeoutMs` for its start.
 */
export function startServerProgram(node: string, script: string, cwd: string, timeoutMs: number): Promise<RunningProgram> {
  const child: ChildProcess = spawn(node, [script], { cwd, env: childEnv(), stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once("close", () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin!.end();
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not print its URL within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n").find((entry) => entry.startsWith("{"));
      if (!line || !stdout.includes("\n")) return;
      clearTimeout(timer);
      resolve({ url: (JSON.parse(line) as { url: string }).url, stop });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited ${code} before printing its URL\n${stdout}\n${stderr}`));
    });
  });
}

export function launchChromium(timeoutMs: number): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"], timeout: timeoutMs });
}

/** Opens `url`, waits for the page's script to set `window.concordResult`, returns it with the page's errors and the DOM's text. */
export async function pageResult(
  browser: Browser,
  url: string,
  timeoutMs: number,
): Promise<{ result: unknown; text: string; errors: string[] }> {
  const page = await browser.newPage();
  try {
    page.setDefaultTimeout(timeoutMs);
    const errors: string[] = [];
    page.on("console", (message) => {
      // The page's own 400 (a body the contract refuses) is logged by Chromium as a failed resource.
      if (message.type() === "error" && !/status of 400/.test(message.text())) errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => (window as { concordResult?: unknown }).concordResult !== undefined);
    const result = await page.evaluate(() => (window as { concordResult?: unknown }).concordResult);
    const text = (await page.textContent("#result")) ?? "";
    return { result, text, errors };
  } finally {
    await page.close();
  }
}
