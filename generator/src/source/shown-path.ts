import { isAbsolute, relative, sep } from "node:path";

/** A file as messages name it: relative to the working directory when it is under it (messages stay short), else as given. */
export function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return file;
  return rel.split(sep).join("/");
}
