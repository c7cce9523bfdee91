/** One file an emitter produces; `path` is relative to the output folder and uses `/`. */
export interface GeneratedFile {
  path: string;
  content: string;
}

export function sortFiles(files: readonly GeneratedFile[]): GeneratedFile[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
