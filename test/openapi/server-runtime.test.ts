import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { formatEvent } from "../../runtime/src/server/event-writer.js";
import { compareSpecificity, compilePath, matchPath, splitPath } from "../../runtime/src/server/match-path.js";
import type { SecuritySchemeSpec } from "../../runtime/src/server/operation.js";
import { acceptsMediaType, mediaType } from "../../runtime/src/server/read-body.js";
import { findCredentials } from "../../runtime/src/server/security.js";
import { bodyViolations, parameterViolations } from "../../runtime/src/server/violations.js";

describe("server runtime: server-sent event format", () => {
  it("writes id, event, retry and one data line per line of text", () => {
    expect(formatEvent({ id: "7", event: "status", retry: 1500, data: "a\nb" })).toBe(
      "id: 7\nevent: status\nretry: 1500\ndata: a\ndata: b\n\n",
    );
  });

  it("writes non-string data as one line of JSON and keeps ids on one line", () => {
    expect(formatEvent({ id: "1\n2", data: { status: "PAID" } })).toBe('id: 1 2\ndata: {"status":"PAID"}\n\n');
  });
});

describe("server runtime: path matching", () => {
  it("extracts parameters and refuses empty segments", () => {
    const template = compilePath("/order/{orderId}/status-stream");
    expect(matchPath(template, splitPath("/order/42/status-stream"))).toEqual({ orderId: "42" });
    expect(matchPath(template, splitPath("/order//status-stream"))).toBeUndefined();
    expect(matchPath(template, splitPath("/order/42"))).toBeUndefined();
  });

  it("orders a literal segment before a parameter", () => {
    const templates = ["/order/{orderId}", "/order/stream"].map(compilePath).sort(compareSpecificity);
    expect(templates.map((t) => t.template)).toEqual(["/order/stream", "/order/{orderId}"]);
  });
});

describe("server runtime: media types", () => {
  it("drops parameters and honours wildcards", () => {
    expect(mediaType("Application/JSON; charset=utf-8")).toBe("application/json");
    expect(acceptsMediaType(["image/*"], "image/png")).toBe(true);
    expect(acceptsMediaType(["application/json"], "text/plain")).toBe(false);
  });
});

describe("server runtime: credentials", () => {
  const schemes: Record<string, SecuritySchemeSpec> = {
    bearer: { type: "http", scheme: "bearer" },
    key: { type: "apiKey", in: "header", name: "X-Api-Key" },
    queryKey: { type: "apiKey", in: "query", name: "api_key" },
  };
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  const none = new URLSearchParams();

  it("needs nothing when the operation has no security", () => {
    expect(findCredentials([], schemes, request({}), none)).toEqual([]);
  });

  it("finds a Bearer token, case-insensitively, and refuses other schemes", () => {
    expect(findCredentials([["bearer"]], schemes, request({ authorization: "bearer abc.def" }), none)).toEqual([
      { scheme: "bearer", type: "bearer", value: "abc.def" },
    ]);
    expect(findCredentials([["bearer"]], schemes, request({ authorization: "Basic Zm9v" }), none)).toBeUndefined();
    expect(findCredentials([["bearer"]], schemes, request({}), none)).toBeUndefined();
  });

  it("takes the first satisfied alternative, with every scheme of it", () => {
    const security = [["bearer", "key"], ["queryKey"]];
    const both = request({ authorization: "Bearer t", "x-api-key": "k" });
    expect(findCredentials(security, schemes, both, none)?.map((c) => c.scheme)).toEqual(["bearer", "key"]);
    const onlyBearer = request({ authorization: "Bearer t" });
    expect(findCredentials(security, schemes, onlyBearer, new URLSearchParams("api_key=q"))?.map((c) => c.value)).toEqual(["q"]);
    expect(findCredentials(security, schemes, onlyBearer, none)).toBeUndefined();
  });
});

describe("server runtime: violations", () => {
  it("names the parameter that failed, and the missing one", () => {
    const errors = [
      { keyword: "type", instancePath: "/orderId", params: { type: "integer" }, message: "must be integer" },
      { keyword: "required", instancePath: "", params: { missingProperty: "Idempotency-Key" } },
    ];
    expect(parameterViolations("header", errors)).toEqual([
      { in: "header", name: "orderId", keyword: "type", message: "must be integer" },
      { in: "header", name: "Idempotency-Key", keyword: "required", message: "is required" },
    ]);
  });

  it("points into the body, escaping JSON pointer characters", () => {
    const errors = [
      { keyword: "required", instancePath: "/items/0", params: { missingProperty: "a/b" } },
      { keyword: "additionalProperties", instancePath: "", params: { additionalProperty: "x~y" } },
      { keyword: "enum", instancePath: "/status", params: { allowedValues: ["NEW", "PAID"] }, message: "x" },
    ];
    expect(bodyViolations(errors)).toEqual([
      { in: "body", pointer: "/items/0/a~1b", keyword: "required", message: "is required" },
      { in: "body", pointer: "/x~0y", keyword: "additionalProperties", message: "is not allowed" },
      { in: "body", pointer: "/status", keyword: "enum", message: 'must be one of "NEW", "PAID"' },
    ]);
  });
});
