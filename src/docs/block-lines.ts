/**
 * Finding the file line of something inside a block body, by searching the body text. Blocks are already
 * parsed by the page reader; a line search is enough to point at a key and costs nothing.
 */
import type { Block } from "./model.js";

/** Line of the first body line matching `test` at or after `fromLine`, else the block's opening line. */
export function lineInBlock(block: Block, test: (line: string) => boolean, fromLine?: number): number {
  const lines = block.raw.split("\n");
  const start = fromLine !== undefined ? Math.max(0, fromLine - block.bodyLine) : 0;
  for (let i = start; i < lines.length; i++) if (test(lines[i])) return block.bodyLine + i;
  return block.source.line;
}

/** Line of `key:` (as a mapping key, optionally a list item) in a block body. */
export function keyLine(block: Block, key: string, fromLine?: number): number {
  const re = new RegExp(`^\\s*(?:-\\s+)?["']?${escapeRe(key)}["']?\\s*:`);
  return lineInBlock(block, (l) => re.test(l), fromLine);
}

/** Line of the first body line containing `text`. */
export function textLine(block: Block, text: string, fromLine?: number): number {
  return lineInBlock(block, (l) => l.includes(text), fromLine);
}

/** Last body line of the block, for position-based suppression. */
export function blockEndLine(block: Block): number {
  return block.bodyLine + block.raw.split("\n").length;
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** 1-based line of the first line of `text` matching `re`, or undefined. */
export function findLine(text: string, re: RegExp): number | undefined {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) if (re.test(lines[i])) return i + 1;
  return undefined;
}
