import { describe, expect, it } from "vitest";
import { childContext, formatTraceparent, parseTraceparent } from "../../runtime/src/trace-context.js";

describe("W3C traceparent", () => {
  const header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  it("parses and formats the spec's example unchanged", () => {
    const context = parseTraceparent(header);
    expect(context).toEqual({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", flags: "01" });
    expect(formatTraceparent(context!)).toBe(header);
  });

  it("accepts a value in upper case or with surrounding spaces, and a future version's extra fields", () => {
    const expected = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", flags: "01" };
    expect(parseTraceparent(` ${header.toUpperCase()} `)).toEqual(expected);
    expect(parseTraceparent(`01${header.slice(2)}-future`)).toEqual(expected);
    expect(parseTraceparent(header, "vendor=1")).toEqual({ ...expected, tracestate: "vendor=1" });
  });

  it("rejects malformed values, the ff version and all-zero ids", () => {
    for (const bad of [
      "",
      "garbage",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
    ]) {
      expect(parseTraceparent(bad), bad).toBeUndefined();
    }
  });

  it("a child keeps the trace id and flags and gets a new span id; no parent starts a sampled trace", () => {
    const parent = parseTraceparent(header, "vendor=1")!;
    const child = childContext(parent);
    expect(child.traceId).toBe(parent.traceId);
    expect(child.flags).toBe("01");
    expect(child.tracestate).toBe("vendor=1");
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child.spanId).not.toBe(parent.spanId);
    const root = childContext(undefined);
    expect(parseTraceparent(formatTraceparent(root))).toEqual(root);
  });
});
