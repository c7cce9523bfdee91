import { describe, expect, it } from "vitest";
import {
  decodeToken,
  encodeToken,
  formatPointer,
  joinPointer,
  parsePointer,
  resolvePointer,
} from "../../generator/src/core/json-pointer.js";

describe("JSON pointer tokens (RFC 6901)", () => {
  it("encodes ~ before /, so the two never mix", () => {
    expect(encodeToken("a/b~c")).toBe("a~1b~0c");
    expect(encodeToken("~1")).toBe("~01");
    expect(encodeToken(3)).toBe("3");
    expect(encodeToken("")).toBe("");
  });

  it("decodes ~1 before ~0: ~01 is ~1, not /", () => {
    expect(decodeToken("a~1b~0c")).toBe("a/b~c");
    expect(decodeToken("~01")).toBe("~1");
    expect(decodeToken("~10")).toBe("/0");
    expect(decodeToken("%7E1")).toBe("%7E1");
  });

  it("round-trips every token", () => {
    for (const token of ["", "~", "/", "~0", "~1", "~01", "a/b/c", "%25", "x y"]) expect(decodeToken(encodeToken(token))).toBe(token);
  });
});

describe("parsePointer", () => {
  it("reads the root, empty tokens and escapes", () => {
    expect(parsePointer("")).toEqual([]);
    expect(parsePointer("#")).toEqual([]);
    expect(parsePointer("/")).toEqual([""]);
    expect(parsePointer("#/")).toEqual([""]);
    expect(parsePointer("/a//b/")).toEqual(["a", "", "b", ""]);
    expect(parsePointer("/paths/~1orders~1{id}/get")).toEqual(["paths", "/orders/{id}", "get"]);
    expect(parsePointer("/a~01")).toEqual(["a~1"]);
  });

  it("percent-decodes a fragment token by token, then undoes ~1 and ~0", () => {
    expect(parsePointer("#/components/schemas/Order%20Item")).toEqual(["components", "schemas", "Order Item"]);
    expect(parsePointer("#/a%25b")).toEqual(["a%b"]);
    expect(parsePointer("#/a%7E1b")).toEqual(["a/b"]);
    expect(parsePointer("#/a%7E01b")).toEqual(["a~1b"]);
    expect(parsePointer("#/paths/~1items~1%7BitemId%7D")).toEqual(["paths", "/items/{itemId}"]);
    // As @apidevtools/json-schema-ref-parser reads it: an escaped slash stays in its token.
    expect(parsePointer("#/a%2Fb")).toEqual(["a/b"]);
  });

  it("does not percent-decode a plain pointer", () => {
    expect(parsePointer("/a%20b")).toEqual(["a%20b"]);
  });

  it("keeps a % that starts no escape as written", () => {
    expect(parsePointer("#/100%")).toEqual(["100%"]);
    expect(parsePointer("#/%zz%41")).toEqual(["%zzA"]);
  });

  it("refuses what is not a pointer", () => {
    expect(parsePointer("a/b")).toBeUndefined();
    expect(parsePointer("#Order")).toBeUndefined();
  });
});

describe("formatPointer and joinPointer", () => {
  it("write tokens back", () => {
    expect(formatPointer([])).toBe("");
    expect(formatPointer([""])).toBe("/");
    expect(formatPointer(["paths", "/orders", "get", 0])).toBe("/paths/~1orders/get/0");
    expect(joinPointer("/paths", "/a~b", "post")).toBe("/paths/~1a~0b/post");
    expect(joinPointer("")).toBe("");
    for (const pointer of ["", "/", "/a~1b/~0/0", "//x"]) expect(formatPointer(parsePointer(pointer)!)).toBe(pointer);
  });
});

describe("resolvePointer", () => {
  const doc = { a: { "b/c": [10, { "~": "tilde" }], "": "empty", "%": "percent" }, n: null };

  it("finds nodes by pointer, fragment or tokens", () => {
    expect(resolvePointer(doc, "")).toBe(doc);
    expect(resolvePointer(doc, "#")).toBe(doc);
    expect(resolvePointer(doc, "/a/b~1c/0")).toBe(10);
    expect(resolvePointer(doc, "#/a/b~1c/1/~0")).toBe("tilde");
    expect(resolvePointer(doc, "#/a/b%7E1c/1/%7E0")).toBe("tilde");
    expect(resolvePointer(doc, "/a/")).toBe("empty");
    expect(resolvePointer(doc, "#/a/%25")).toBe("percent");
    expect(resolvePointer(doc, ["a", "b/c", "1", "~"])).toBe("tilde");
    expect(resolvePointer(doc, "/n")).toBeNull();
  });

  it("is undefined for what is not there", () => {
    expect(resolvePointer(doc, "/a/missing")).toBeUndefined();
    expect(resolvePointer(doc, "/a/b~1c/2")).toBeUndefined();
    expect(resolvePointer(doc, "/a/b~1c/01")).toBeUndefined();
    expect(resolvePointer(doc, "/a/b~1c/-")).toBeUndefined();
    expect(resolvePointer(doc, "/n/x")).toBeUndefined();
    expect(resolvePointer(doc, "/a/constructor")).toBeUndefined();
    expect(resolvePointer(doc, "/a/b~1c/length")).toBeUndefined();
    expect(resolvePointer(doc, "a")).toBeUndefined();
  });
});
