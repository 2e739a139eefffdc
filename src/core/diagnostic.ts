import type { SourcePos } from "./source.js";
import { formatPos } from "./source.js";

/**
 * Who is at fault, which decides the exit code and JUnit's <failure> versus <error>:
 * - usage: the command line was wrong (exit 2)
 * - config: a config file or expected-failures file was wrong (exit 2)
 * - page: a docs page is malformed (the page ends `error`)
 * - target: the gateway could not be reached or broke (exit 3)
 * - harness: a bug or fault in docval itself
 * - assert: the docs and the gateway disagree (the step ends `failed`)
 */
export type DiagnosticKind = "usage" | "config" | "page" | "target" | "harness" | "assert";

export type Severity = "error" | "warning" | "info";

/** The one error value every stage returns. A throw means a bug, never a bad input. */
export interface Diagnostic {
  /** Stage-prefixed and stable: "docs/yaml-parse", "plan/unknown-validation", "target/unreachable". */
  code: string;
  kind: DiagnosticKind;
  /** "Unexpected …, expected …" where it fits. Never holds a secret value. */
  message: string;
  /** What to do about it, with a did-you-mean where one exists. */
  hint?: string;
  severity?: Severity;
  /** The include's file when the block came from one. */
  source?: SourcePos;
  related?: { message: string; source: SourcePos }[];
}

export function diag(
  code: string,
  kind: DiagnosticKind,
  message: string,
  extra: Partial<Omit<Diagnostic, "code" | "kind" | "message">> = {},
): Diagnostic {
  return { code, kind, message, ...extra };
}

/** One-line rendering: `file:line: message (code)`, then the hint on its own line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.source ? `${formatPos(d.source)}: ` : "";
  const hint = d.hint ? `\n  hint: ${d.hint}` : "";
  return `${where}${d.message} [${d.code}]${hint}`;
}
