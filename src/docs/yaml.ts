/**
 * YAML as the docs site reads it: YAML 1.1 (Ruby's Psych), duplicate keys tolerated (last wins).
 * Returns a value or a positioned error; never throws.
 */
import { parseDocument, type Document } from "yaml";

export interface YamlResult {
  value?: unknown;
  /** First error: message and 1-based line within the parsed text. */
  error?: { message: string; line: number; column?: number };
  doc?: Document.Parsed;
}

const OPTIONS = { version: "1.1", uniqueKeys: false, prettyErrors: false } as const;

export function parseYaml(text: string, opts: { keepDocument?: boolean } = {}): YamlResult {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, OPTIONS);
  } catch (e) {
    return { error: { message: e instanceof Error ? e.message : String(e), line: 1 } };
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = err.linePos?.[0];
    const message = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    return { error: { message, line: pos?.line ?? 1, column: pos?.col } };
  }
  try {
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    return opts.keepDocument ? { value, doc } : { value };
  } catch (e) {
    return { error: { message: e instanceof Error ? e.message : String(e), line: 1 } };
  }
}

/** 0-based offsets of each line start, for offset → line lookups. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of a 0-based offset. */
export function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
