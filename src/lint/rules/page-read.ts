import type { Diagnostic } from "../../core/diagnostic.js";
import { defineRule } from "../rule.js";

/**
 * Reader errors other rules already report in their own words: block YAML (block-yaml), and a missing
 * include written in the page itself (include-missing scans the page's text; one inside another
 * include is reported here).
 */
const ownedElsewhere = (d: Diagnostic, page: string): boolean =>
  d.code === "docs/block-yaml" ||
  d.code === "docs/prereq-entity-missing" || // prereq-entity-missing reports each missing name at its line
  (d.code === "docs/include" && d.message.includes("not found") && (d.source?.file ?? page) === page);

export default defineRule({
  id: "page-read",
  summary: "The page must be readable and plannable: front matter parses, Liquid tags close, includes stay in bounds",
  defaultSeverity: "error",
  docs: {
    description:
      "Reports what stops docval (and the docs build) from reading or planning a page: front matter that does not " +
      "parse, a Liquid tag that is never closed or closed in the wrong order, an include cycle or an include path " +
      "that leaves the includes folder, a status code that is not a number from 100 to 599, a form file outside " +
      "the files folder. `list`, `plan` and `run` report the same errors.",
    example: "---\ntitle: [unclosed\n---",
  },
  check({ page, plan }, report) {
    if (page.fatal) {
      report({ message: page.fatal.message, hint: page.fatal.hint, file: page.fatal.source?.file, line: page.fatal.source?.line ?? 1 });
      return;
    }
    const seen = new Set<string>();
    const emit = (d: Diagnostic) => {
      const key = `${d.source?.file}:${d.source?.line}:${d.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      report({ message: d.message, hint: d.hint, file: d.source?.file, line: d.source?.line ?? 1 });
    };
    for (const d of page.diagnostics) if (d.severity === "error" && !ownedElsewhere(d, page.file)) emit(d);
    const error = plan?.()?.error;
    if (error?.code?.startsWith("plan/")) {
      emit({ code: error.code, kind: "page", message: error.message, source: { file: error.file ?? page.file, line: error.line } });
    }
  },
});
