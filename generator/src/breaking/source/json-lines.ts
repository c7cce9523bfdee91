import { pointerSegment } from "../finding.js";

/**
 * Line numbers of the keys and array items of a JSON text down to `maxDepth`, by JSON pointer.
 * Building a full YAML AST of a 13 MB JSON spec takes half a minute; this scan takes a fraction of a second.
 */
export function scanJsonLines(text: string, maxDepth = 6): Map<string, number> {
  const lines = new Map<string, number>([["", 1]]);
  const path: string[] = [];
  // For each open container: is it an array, and the index of its next item.
  const stack: { array: boolean; index: number }[] = [];
  let line = 1;
  let pendingKey: string | undefined;
  let expectValue = true;
  const enterValue = (): void => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.array) {
      path.push(String(top.index));
      if (path.length <= maxDepth) lines.set(pointerOf(path), line);
      top.index += 1;
    } else if (pendingKey !== undefined) {
      path.push(pendingKey);
      if (path.length <= maxDepth) lines.set(pointerOf(path), line);
      pendingKey = undefined;
    }
  };
  const leaveValue = (): void => {
    if (stack.length > 0) path.pop();
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      let j = i + 1;
      let escaped = false;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (escaped) escaped = false;
        else if (d === 92) escaped = true;
        else if (d === 34) break;
      }
      const top = stack[stack.length - 1];
      if (top && !top.array && !expectValue) {
        pendingKey = JSON.parse(text.slice(i, j + 1)) as string;
      } else {
        enterValue();
        leaveValue();
      }
      i = j;
    } else if (c === 58) expectValue = true;
    else if (c === 44) expectValue = stack[stack.length - 1]?.array ?? true;
    else if (c === 123 || c === 91) {
      enterValue();
      stack.push({ array: c === 91, index: 0 });
      expectValue = c === 91;
    } else if (c === 125 || c === 93) {
      stack.pop();
      leaveValue();
      expectValue = false;
    } else if (c > 32 && expectValue && stack[stack.length - 1] !== undefined) {
      // A number, true, false or null.
      enterValue();
      while (i + 1 < text.length && !",}]\n \t\r".includes(text.charAt(i + 1))) i++;
      leaveValue();
      expectValue = false;
    }
  }
  return lines;
}

function pointerOf(path: readonly string[]): string {
  return path.map((s) => `/${pointerSegment(s)}`).join("");
}
