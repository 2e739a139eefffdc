/**
 * `--debug`: every step as it ends, written in full to stderr (request, response, expected vs
 * actual, curl), and every diagnostic. It sees events after the hub redacted them, like every reporter,
 * so debugging a run never prints a secret.
 */
import type { Writable } from "node:stream";
import type { Reporter } from "../core/events.js";
import { formatDiagnostic } from "../core/diagnostic.js";
import { formatStepFailure, variantLabel } from "./format.js";

export function debugReporter(stderr: Writable): Reporter & { name: string } {
  const write = (lines: string[]) => stderr.write(`${lines.map((l) => `[debug] ${l}`).join("\n")}\n`);
  return {
    name: "debug",
    onRunStart(e) {
      write([`run-start ${JSON.stringify(e.meta)}`]);
    },
    onPageStart(e) {
      write([`page-start ${variantLabel({ page: e.page, variant: e.variant })}`]);
    },
    onStepEnd(e) {
      write([`step ${e.step.verdict} ${variantLabel({ page: e.page, variant: e.variant })}`, ...formatStepFailure(e.step, { excerptChars: 4000 })]);
    },
    onPageEnd(e) {
      write([`page-end ${e.result.verdict} ${variantLabel(e.result)}${e.result.reason ? ` (${e.result.reason})` : ""}`]);
    },
    onDiagnostic(e) {
      write([`diagnostic ${formatDiagnostic(e.diagnostic)}`]);
    },
    onRunEnd(e) {
      write([`run-end ${JSON.stringify(e.summary)}`]);
    },
  };
}
