import { execFile, spawn } from "node:child_process";

export interface CurlResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  json(): unknown;
}

/** Runs `curl -s -i` with `args` and splits what it printed into status, headers and body. */
export function curl(args: readonly string[]): Promise<CurlResponse> {
  return new Promise((resolve, reject) => {
    execFile("curl", ["-s", "-i", "--max-time", "20", ...args], { encoding: "utf8" }, (error, stdout) => {
      if (error) return reject(error);
      resolve(parse(stdout));
    });
  });
}

/**
 * Streams with `curl -N` and resolves with everything it printed once curl exits (the server ended
 * the stream, or `--max-time` passed). `onOutput` sees the output as it grows.
 */
export function curlStream(args: readonly string[], onOutput: (soFar: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("curl", ["-s", "-N", "--max-time", "30", ...args]);
    let output = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      output += chunk;
      onOutput(output);
    });
    child.on("error", reject);
    child.on("close", () => resolve(output));
  });
}

function parse(raw: string): CurlResponse {
  const split = raw.indexOf("\r\n\r\n");
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? "" : raw.slice(split + 4);
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body, json: () => JSON.parse(body) as unknown };
}
