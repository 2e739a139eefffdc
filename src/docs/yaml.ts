/**
 * YAML as the docs site reads it: Ruby's Psych (YAML 1.1 scalars), duplicate keys tolerated (last wins).
 * Returns a value or a positioned error; never throws.
 *
 * Reading uses js-yaml with a Psych-like schema: it loads several times faster than `yaml` and needs no
 * warm-up, which is most of a cold `docval plan` (docs/performance.md). `yaml` stays for writing YAML.
 */
import { createRequire } from "node:module";
import * as jsyaml from "js-yaml";

export interface YamlResult {
  value?: unknown;
  /** First error: message and 1-based line within the parsed text. */
  error?: { message: string; line: number; column?: number };
}

/** Most nodes one alias may stand for once expanded: the "billion laughs" bound. */
export const MAX_ALIAS_NODES = 1000;
/** Nesting js-yaml accepts; deeper text is reported instead of risking the stack. */
const MAX_DEPTH = 200;

// Psych resolves a plain scalar by these rules (ScalarScanner#tokenize), not by the YAML 1.1 spec's list:
// `y`/`n` stay strings, and yes/no/on/off/true/false/null match in any letter case.
const NULL_RE = /^(?:~|null|)$/i;
const TRUE_RE = /^(?:yes|true|on)$/i;
const FALSE_RE = /^(?:no|false|off)$/i;
// Psych's legacy integer forms (it also allows `,` and `_` as digit separators).
const INT_RE = /^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$/;
// A float needs a dot (`1e5` is a string to Psych); `3.10` is 3.1.
const FLOAT_RE = /^[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?$/;
const SPECIAL_FLOAT_RE = /^(?:[-+]?\.inf|\.nan)$/i;
const SEXAGESIMAL_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}(?:\.[0-9_]*)?$/;

const nullType = new jsyaml.Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (data: string | null) => data === null || NULL_RE.test(data),
  construct: () => null,
  predicate: (v: unknown) => v === null,
});

const boolType = new jsyaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && data.length <= 5 && (TRUE_RE.test(data) || FALSE_RE.test(data)),
  construct: (data: string) => TRUE_RE.test(data),
  predicate: (v: unknown) => typeof v === "boolean",
});

const intType = new jsyaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && (INT_RE.test(data) || (SEXAGESIMAL_RE.test(data) && !data.includes("."))),
  construct: constructInt,
  predicate: (v: unknown) => typeof v === "number" && Number.isInteger(v),
});

const floatType = new jsyaml.Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: string | null) =>
    data !== null && ((FLOAT_RE.test(data) && !/^[-+]?\.$/.test(data)) || SPECIAL_FLOAT_RE.test(data) || SEXAGESIMAL_RE.test(data)),
  construct: constructFloat,
  predicate: (v: unknown) => typeof v === "number",
});

function constructInt(data: string): number {
  if (data.includes(":")) return sexagesimal(data);
  let s = data.replace(/[_,]/g, "");
  let sign = 1;
  if (s[0] === "-" || s[0] === "+") {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s.startsWith("0b")) return sign * parseInt(s.slice(2), 2);
  if (s.startsWith("0x")) return sign * parseInt(s.slice(2), 16);
  if (s.length > 1 && s[0] === "0") return sign * parseInt(s.slice(1), 8);
  return sign * parseInt(s, 10);
}

function constructFloat(data: string): number {
  if (data.includes(":")) return sexagesimal(data);
  const lower = data.toLowerCase();
  if (lower === ".nan") return NaN;
  if (lower.endsWith(".inf")) return lower.startsWith("-") ? -Infinity : Infinity;
  return parseFloat(data.replace(/[_,]/g, ""));
}

/**
 * Psych reads `a:b[:c]` as base-60 with weights 60^|i-2| (so `1:30` is 5400, not 90): that is what the
 * site sees, so it is what we return.
 */
function sexagesimal(data: string): number {
  const parts = data.replace(/_/g, "").split(":");
  let n = 0;
  parts.forEach((p, i) => (n += parseFloat(p) * 60 ** Math.abs(i - 2)));
  return n;
}

const builtin = (jsyaml as unknown as { types: Record<"timestamp" | "merge" | "binary" | "omap" | "pairs" | "set", jsyaml.Type> }).types;

/** Psych-like: failsafe (str/seq/map) + the scalars above + timestamps and `<<` merge keys. */
export const PSYCH_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, builtin.timestamp, builtin.merge],
  explicit: [builtin.binary, builtin.omap, builtin.pairs, builtin.set],
});

const LOAD_OPTIONS: jsyaml.LoadOptions & { maxDepth: number } = { schema: PSYCH_SCHEMA, json: true, maxDepth: MAX_DEPTH };

export function parseYaml(text: string): YamlResult {
  let value: unknown;
  try {
    value = jsyaml.load(text, LOAD_OPTIONS);
  } catch (e) {
    return { error: loadError(text, e) };
  }
  // Aliases need both an anchor (&) and a reference (*); most texts have neither, so skip the walk.
  if (text.includes("*") && text.includes("&") && typeof value === "object" && value !== null) {
    const problem = aliasProblem(value);
    if (problem) return { error: { message: problem, line: 1 } };
  }
  return { value };
}

function loadError(text: string, e: unknown): NonNullable<YamlResult["error"]> {
  const second = yamlPackageError(text);
  if (second) return second;
  if (e instanceof jsyaml.YAMLException) {
    const mark = e.mark as jsyaml.Mark | undefined;
    const message = readableMessage(e.reason || e.message);
    return mark ? { message, ...positionAt(text, mark.position ?? 0) } : { message, line: 1 };
  }
  return { message: readableMessage(e instanceof Error ? e.message : String(e)), line: 1 };
}

/**
 * Broken YAML is rare and worth a second opinion: `yaml` words most errors better ("Missing closing 'quote")
 * and its messages and lines are what the rest of docval was written against. Loaded only on this path, so a
 * clean checkout never pays for it. Undefined when `yaml` accepts the text (then js-yaml's error stands).
 */
function yamlPackageError(text: string): NonNullable<YamlResult["error"]> | undefined {
  try {
    const { parseDocument } = createRequire(import.meta.url)("yaml") as typeof import("yaml");
    const doc = parseDocument(text, { version: "1.1", uniqueKeys: false, prettyErrors: false });
    const err = doc.errors[0];
    if (!err) return undefined;
    const message = readableMessage(err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""));
    return { message, ...positionAt(text, err.pos?.[0] ?? 0) };
  } catch {
    return undefined;
  }
}

/** js-yaml recurses per nesting level; a stack overflow means the text nests too deeply, not a bug. */
function readableMessage(message: string): string {
  if (/maximum call stack|exceeded maxDepth/i.test(message)) return "YAML is nested too deeply to read";
  return message;
}

/**
 * 1-based line and column of an offset, counting only `\n` as a line break (as every other docval position
 * does). An error at or past the end of the text (an unclosed flow collection, a missing closing quote) is
 * placed on the last line that has content, where the author must look.
 */
function positionAt(text: string, offset: number): { line: number; column: number } {
  let at = Math.max(0, Math.min(offset, text.length - 1));
  if (text.slice(at).trim() === "") {
    const trimmed = text.trimEnd();
    if (trimmed.length > 0 && at >= trimmed.length) at = trimmed.length - 1;
  }
  const starts = lineStarts(text);
  const line = lineAt(starts, at);
  return { line, column: at - starts[line - 1] + 1 };
}

/**
 * js-yaml shares an aliased node instead of copying it, so a "billion laughs" text loads as a small graph that
 * any later walk (JSON output, templating, comparison) would expand exponentially. Count what each shared node
 * expands to, memoised by identity, and refuse the text when one alias stands for too much.
 */
function aliasProblem(root: object): string | undefined {
  const sizes = new Map<object, number>();
  const IN_PROGRESS = -1;
  const tooBig = `aliases expand to too many nodes (more than ${MAX_ALIAS_NODES} per alias)`;
  const size = (v: unknown): number => {
    if (typeof v !== "object" || v === null) return 1;
    const known = sizes.get(v);
    if (known !== undefined) {
      // Seen before: this occurrence is an alias.
      if (known === IN_PROGRESS || known > MAX_ALIAS_NODES) throw new RangeError(tooBig);
      return known;
    }
    sizes.set(v, IN_PROGRESS);
    let n = 1;
    if (Array.isArray(v)) for (const x of v) n += size(x);
    else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
      for (const k in v) n += size((v as Record<string, unknown>)[k]);
    }
    sizes.set(v, n);
    return n;
  };
  try {
    size(root);
    return undefined;
  } catch (e) {
    return e instanceof RangeError && e.message === tooBig ? tooBig : "YAML is nested too deeply to read";
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
