import { fileURLToPath } from "node:url";
import { runBuf } from "../../../generator/src/proto/buf.js";

const CONTRACTS = fileURLToPath(new URL("../../../contracts/proto", import.meta.url));

export interface CurlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `buf curl` against a server on `baseUrl`, with the schema compiled from contracts/proto. */
export async function bufCurl(
  baseUrl: string,
  procedure: string,
  body: unknown,
  options: { protocol: "connect" | "grpc" | "grpcweb"; headers?: Record<string, string> },
): Promise<CurlResult> {
  const args = ["curl", "--schema", CONTRACTS, "--protocol", options.protocol, "--http2-prior-knowledge", "-d", JSON.stringify(body)];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}: ${value}`);
  args.push(`${baseUrl}/${procedure}`);
  const result = await runBuf(args, CONTRACTS);
  return { code: result.code, stdout: result.stdout.toString("utf8"), stderr: result.stderr };
}

/** buf curl prints one JSON document per response message, pretty-printed and back to back. */
export function parseJsonStream(text: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") {
      if (depth++ === 0) start = i;
    } else if (c === "}" && --depth === 0) docs.push(JSON.parse(text.slice(start, i + 1)));
  }
  return docs;
}
