/**
 * Which file and line a template being parsed comes from. Liquid tokens carry offsets into the
 * text they were parsed from; tags turn those into `file:line` at parse time through the source
 * registered here, so positions stay right inside includes and front-matter strings.
 */
import { lineAt, lineStarts } from "../yaml.js";
import type { FenceInfo } from "./fences.js";

export interface TemplateSource {
  /** File relative to the checkout root. */
  file: string;
  /** File line of the text's first line. */
  baseLine: number;
  input: string;
  starts: number[];
  /** Author-marked fences found in this text, indexed by the `docval_fence` tags put in their place. */
  fences: FenceInfo[];
}

let current: TemplateSource | undefined;

export function makeSource(file: string, baseLine: number, input: string, fences: FenceInfo[] = []): TemplateSource {
  return { file, baseLine, input, starts: lineStarts(input), fences };
}

/** Runs `fn` (a parse) with `src` as the current source; nested parses restore the outer one. */
export function withSource<T>(src: TemplateSource, fn: () => T): T {
  const saved = current;
  current = src;
  try {
    return fn();
  } finally {
    current = saved;
  }
}

export function currentSource(): TemplateSource | undefined {
  return current;
}

/** File and line of an offset in the text being parsed (falls back to line 1 of an unknown file). */
export function positionOf(input: string, offset: number): { file: string; line: number } {
  const src = current;
  if (!src) return { file: "<unknown>", line: 1 };
  if (src.input !== input) return { file: src.file, line: src.baseLine };
  return { file: src.file, line: src.baseLine + lineAt(src.starts, offset) - 1 };
}
