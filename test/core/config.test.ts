import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, describe, expect, it } from "vitest";
import { CONFIG_SCHEMA_URL, loadConfig, parseConfig } from "../../generator/src/config.js";
import { ContractError, type ContractProblem } from "../../generator/src/core/contract-error.js";
import { generate } from "../../generator/src/generate.js";
import { runCli } from "../support/cli.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** The problems parseConfig reports for `text`, or fails when it accepts it. */
function problems(text: string): ContractProblem[] {
  try {
    parseConfig(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return [...(error as ContractError).problems];
  }
  throw new Error("the config was accepted");
}

const FULL = {
  $schema: "./node_modules/@concordkit/generator/config.schema.json",
  contracts: "api",
  out: "src/generated",
  openapi: { sdk: true, server: false, responseSchemas: false },
  proto: { plugin: "ts-proto", defaultDeadlineMs: 2000, tsProtoOptions: ["useDate=true", "esModuleInterop=true"] },
  breaking: {
    failOn: "warning",
    proto: { use: ["WIRE_JSON", "SERVICE_NO_DELETE"], except: ["FIELD_SAME_JSON_NAME"] },
    asyncapi: { compatibility: "BACKWARD" },
    rules: { "api-operation-id-changed": "off", "response-property-enum-value-added": "warning" },
    accept: [
      { rule: "response-property-removed", file: "openapi/gateway.yaml", location: "/paths/~1orders/get", reason: "no client reads it" },
      { rule: "message-key-changed", file: "asyncapi/shop.yaml", reason: "keys are unchanged" },
    ],
  },
};

describe("concord.config.json schema", () => {
  it("is a valid draft 2020-12 schema that ajv compiles in strict mode", () => {
    const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_URL, "utf8")) as { $schema: string };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const ajv = new Ajv2020({ strict: true });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it("is the file the generator package exports as ./config.schema.json", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "generator/package.json"), "utf8")) as {
      exports: Record<string, unknown>;
      files: string[];
    };
    expect(manifest.exports["./config.schema.json"]).toBe("./config.schema.json");
    expect(manifest.files).toContain("config.schema.json");
    expect(CONFIG_SCHEMA_URL.pathname).toBe(join(ROOT, "generator/config.schema.json"));
  });

  it("accepts the repository's own concord.config.json", () => {
    const loaded = loadConfig(ROOT);
    expect(loaded.file).toBe(join(ROOT, "concord.config.json"));
    expect(loaded.config.$schema).toBe("./generator/config.schema.json");
    expect(loaded.config.breaking?.["accept"]).toBeInstanceOf(Array);
  });

  it("accepts a config that sets every key, and an empty one", () => {
    expect(parseConfig(JSON.stringify(FULL, null, 2))).toEqual(FULL);
    expect(parseConfig("{}")).toEqual({});
    expect(parseConfig('\uFEFF{ "out": "gen" }\n')).toEqual({ out: "gen" });
  });

  it("rejects an unknown key at the top level with its line, pointer and the keys allowed", () => {
    const [problem, ...rest] = problems('{\n  "out": "gen",\n  "asyncapi": {}\n}\n');
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: "concord.config.json", line: 3, path: "/asyncapi", rule: "config-unknown-key" });
    expect(problem!.message).toContain('unknown key "asyncapi"');
    expect(problem!.message).toContain("contracts, out, format, openapi, proto, breaking");
  });

  it("rejects unknown keys in nested sections, each on its own line", () => {
    const text = JSON.stringify(
      {
        proto: { plugin: "protoc-gen-es", pluginn: "ts-proto" },
        breaking: { accept: [{ rule: "r", file: "f", reason: "x", loaction: "/a" }], proto: { uses: [] } },
      },
      null,
      2,
    );
    const found = problems(text);
    expect(found.map((p) => [p.path, p.rule])).toEqual([
      ["/proto/pluginn", "config-unknown-key"],
      ["/breaking/accept/0/loaction", "config-unknown-key"],
      ["/breaking/proto/uses", "config-unknown-key"],
    ]);
    const lines = text.split("\n");
    for (const p of found) {
      const key = p.path!.split("/").pop()!;
      expect(lines[p.line! - 1], p.path).toContain(`"${key}"`);
    }
  });

  it("rejects a wrong type and a value out of range, naming what it must be", () => {
    const found = problems(
      '{\n  "contracts": 5,\n  "proto": {\n    "defaultDeadlineMs": "2000",\n    "plugin": "protoc-gen-ts"\n  },\n  "breaking": { "failOn": "fatal" }\n}',
    );
    expect(found).toEqual([
      { file: "concord.config.json", line: 2, path: "/contracts", rule: "config-type", message: "must be a string, not an integer" },
      {
        file: "concord.config.json",
        line: 4,
        path: "/proto/defaultDeadlineMs",
        rule: "config-type",
        message: "must be an integer, not a string",
      },
      {
        file: "concord.config.json",
        line: 5,
        path: "/proto/plugin",
        rule: "config-value",
        message: 'must be "protoc-gen-es", or "ts-proto", not "protoc-gen-ts"',
      },
      {
        file: "concord.config.json",
        line: 7,
        path: "/breaking/failOn",
        rule: "config-value",
        message: 'must be "error", or "warning", not "fatal"',
      },
    ]);
    expect(problems('{ "openapi": { "server": "no" } }')[0]).toMatchObject({ path: "/openapi/server", rule: "config-type" });
    expect(problems('{ "breaking": { "accept": [{ "rule": "r", "file": "f" }] } }')[0]).toMatchObject({
      path: "/breaking/accept/0",
      rule: "config-missing-key",
      message: 'missing the key "reason"',
    });
    expect(problems('{ "proto": { "tsProtoOptions": ["a=b,c=d"] } }')[0]).toMatchObject({
      path: "/proto/tsProtoOptions/0",
      rule: "config-value",
    });
    expect(problems("[]")[0]).toMatchObject({ line: 1, path: "/", rule: "config-type", message: "must be an object, not an array" });
  });

  it("reports a JSON syntax error with its line and column", () => {
    expect(problems('{\n  "out": "gen",\n}\n')).toEqual([
      {
        file: "concord.config.json",
        line: 3,
        column: 1,
        rule: "config-syntax",
        message: "not valid JSON: Expected double-quoted property name",
      },
    ]);
  });
});

describe("a config that does not load", () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it("is exit 3 from every command that reads it, naming the file, line, pointer and rule", async () => {
    const dir = mkdtempSync(join(tmpdir(), "concord-config-"));
    cpSync(join(ROOT, "test/golden/asyncapi/v3-shop/contracts"), join(dir, "contracts"), { recursive: true });
    writeFileSync(join(dir, "concord.config.json"), '{\n  "out": "gen",\n  "breaking": {\n    "failon": "warning"\n  }\n}\n');
    process.chdir(dir);
    const expected = 'concord.config.json:4 at /breaking/failon: unknown key "failon"';
    for (const args of [
      ["generate"],
      ["generate", "--check"],
      ["breaking", "--against", "contracts"],
      ["diff", "--against", "contracts"],
      ["lint"],
    ]) {
      const { code, err } = await runCli(...args);
      expect(code, args.join(" ")).toBe(3);
      expect(err, args.join(" ")).toContain(expected);
      expect(err).toContain("[config-unknown-key]");
    }
  });
});

describe("the openapi section", () => {
  const contracts = join(ROOT, "test/golden/openapi-sdk/contracts");
  const paths = async (config: object) =>
    (await generate(contracts, config)).map((f) => f.path).filter((p) => p.startsWith("openapi/shop/"));

  it("leaves out the server stubs, the SDK or the response schemas when told to", async () => {
    const all = await paths({});
    expect(all).toContain("openapi/shop/types.ts");
    expect(all.some((p) => p.startsWith("openapi/shop/sdk/"))).toBe(true);
    expect(all).toContain("openapi/shop/server/response-schemas.ts");

    const client = await paths({ openapi: { server: false } });
    expect(client).toEqual(all.filter((p) => !p.startsWith("openapi/shop/server/")));

    const server = await paths({ openapi: { sdk: false, responseSchemas: false } });
    expect(server).toEqual(all.filter((p) => !p.startsWith("openapi/shop/sdk/") && p !== "openapi/shop/server/response-schemas.ts"));
  });

  it("rejects a non-boolean from a config object that did not come through loadConfig", async () => {
    await expect(generate(contracts, { openapi: { server: "no" } } as never)).rejects.toThrow(
      /openapi\/server: must be a boolean \[config-type\]/,
    );
  });
});
