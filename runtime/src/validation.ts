/**
 * What ajv's standalone validators, compiled when the code was generated, call at run time: the
 * generated validator files import these from here, so a project lists ajv as a peer of the runtime
 * and its own code never reaches into ajv's internal paths.
 */
import { requirePeer } from "./peer.js";
import { AJV_FORMATS_RANGE, AJV_RANGE } from "./validation-peers.js";

const ENTRY = "@concordkit/runtime/validation";

type Format = string | RegExp | ((value: string) => boolean) | { validate: unknown; [key: string]: unknown };

/** String length in code points, as JSON Schema counts `minLength`/`maxLength`. */
export const ucs2length: (value: string) => number = requirePeer<{ default: (value: string) => number }>(
  "ajv/dist/runtime/ucs2length",
  AJV_RANGE,
  ENTRY,
).default;
/** Deep equality for `const`, `enum` and `uniqueItems`. */
export const equal: (a: unknown, b: unknown) => boolean = requirePeer<{ default: (a: unknown, b: unknown) => boolean }>(
  "ajv/dist/runtime/equal",
  AJV_RANGE,
  ENTRY,
).default;
/** ajv-formats' full set (`date-time`, `email`, `uuid`, …). */
export const fullFormats: Readonly<Record<string, Format>> = requirePeer<{ fullFormats: Record<string, Format> }>(
  "ajv-formats/dist/formats",
  AJV_FORMATS_RANGE,
  ENTRY,
).fullFormats;
