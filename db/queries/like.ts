/** Escapes LIKE wildcards so a search for "a_b" or "100%" matches those characters literally. */
export function likeContains(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
