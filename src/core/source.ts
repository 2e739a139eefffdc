/**
 * A place in a source file. `file` is relative to the checkout root (forward slashes)
 * and may name an include rather than the page that pulled it in. Lines are 1-based.
 */
export interface SourcePos {
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/** `file:line[:column]`, the form editors and terminals turn into links. */
export function formatPos(pos: SourcePos): string {
  return pos.column ? `${pos.file}:${pos.line}:${pos.column}` : `${pos.file}:${pos.line}`;
}
