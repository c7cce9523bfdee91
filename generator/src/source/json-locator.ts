/**
 * Positions in a JSON text by JSON pointer, and its duplicate keys, without building a tree of it:
 * a YAML AST of a 13 MB spec takes half a minute. A container's members are scanned the first time
 * a pointer goes through it and remembered, so finding many nodes costs about one pass over the
 * containers they are in, at any depth.
 */

interface Member {
  /** Where the member starts: the opening quote of an object member's key, an array item's value. */
  readonly at: number;
  readonly value: number;
}

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export class JsonLocator {
  readonly #text: string;
  readonly #members = new Map<number, Map<string, Member>>();
  #lineStarts: number[] | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  /** Offset of the node at `tokens` (a member's key, an item), or of its deepest ancestor there is. */
  offsetOf(tokens: readonly string[]): number {
    let value = skipSpace(this.#text, 0);
    let at = value;
    for (const token of tokens) {
      const member = this.#membersOf(value)?.get(token);
      if (!member) break;
      at = member.at;
      value = member.value;
    }
    return at;
  }

  locate(tokens: readonly string[]): Position {
    return this.position(this.offsetOf(tokens));
  }

  position(offset: number): Position {
    const starts = (this.#lineStarts ??= lineStarts(this.#text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }

  #membersOf(offset: number): Map<string, Member> | undefined {
    const cached = this.#members.get(offset);
    if (cached) return cached;
    const members = new Map<string, Member>();
    if (!scanMembers(this.#text, offset, (key, at, value) => (members.has(key) ? undefined : members.set(key, { at, value }))))
      return undefined;
    this.#members.set(offset, members);
    return members;
  }
}

/** A key of an object that already had it: where each of the two starts. */
export interface DuplicateKey {
  key: string;
  at: number;
  first: number;
}

/**
 * The repeated keys of a JSON text that JSON.parse read as `value` (it keeps the last of each).
 * Counting keys in the text and in the value is fast; only when the counts differ are the objects
 * scanned for the keys themselves.
 */
export function jsonDuplicateKeys(text: string, value: unknown): DuplicateKey[] {
  if (countTextKeys(text) === countValueKeys(value)) return [];
  const duplicates: DuplicateKey[] = [];
  const pending = [skipSpace(text, 0)];
  while (pending.length > 0) {
    const container = pending.pop()!;
    const seen = new Map<string, number>();
    scanMembers(text, container, (key, at, valueAt) => {
      const first = seen.get(key);
      if (first === undefined) seen.set(key, at);
      else duplicates.push({ key, at, first });
      const c = text.charCodeAt(valueAt);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) pending.push(valueAt);
    });
  }
  return duplicates.sort((a, b) => a.at - b.at);
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/**
 * Calls `member` with each member of the object or array at `offset` (key, or index as a string).
 * False when no container starts there; a malformed text ends the scan early.
 */
function scanMembers(text: string, offset: number, member: (key: string, at: number, value: number) => unknown): boolean {
  const open = text.charCodeAt(offset);
  if (open !== OPEN_BRACE && open !== OPEN_BRACKET) return false;
  const object = open === OPEN_BRACE;
  let i = offset + 1;
  for (let index = 0; ; index++) {
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET || i >= text.length) return true;
    let key = String(index);
    const at = i;
    if (object) {
      if (c !== QUOTE) return true;
      const end = stringEnd(text, i);
      key = stringValue(text, i, end);
      i = skipSpace(text, end);
      if (text.charCodeAt(i) !== COLON) return true;
      i = skipSpace(text, i + 1);
    }
    member(key, at, i);
    i = skipSpace(text, valueEnd(text, i));
    if (text.charCodeAt(i) !== COMMA) return true;
    i += 1;
  }
}

/** Offset just past the string whose opening quote is at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return text.length;
}

function stringValue(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  if (!raw.includes("\\")) return raw;
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return raw;
  }
}

/** Offset just past the value starting at `start`. */
function valueEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === QUOTE) return stringEnd(text, start);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) i = stringEnd(text, i) - 1;
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return text.length;
  }
  let i = start;
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    i++;
  }
  return i;
}

function skipSpace(text: string, start: number): number {
  let i = start;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** Strings followed by a colon: the keys of every object. */
function countTextKeys(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i !== -1; ) {
    const end = stringEnd(text, i);
    if (text.charCodeAt(skipSpace(text, end)) === COLON) count++;
    i = text.indexOf('"', end);
  }
  return count;
}

function countValueKeys(value: unknown): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== "object" || node === null) continue;
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === "object" && item !== null) pending.push(item);
      continue;
    }
    for (const key of Object.keys(node)) {
      count++;
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === "object" && child !== null) pending.push(child);
    }
  }
  return count;
}
