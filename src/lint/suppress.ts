/**
 * Inline suppression. On the line right before a block's opening tag:
 *   {% comment %}docval-disable-next-block rule-id other-rule{% endcomment %}
 * silences those rules (all rules when none is named) for findings inside that block. Anywhere in a page:
 *   {% comment %}docval-disable rule-id{% endcomment %}
 * silences those rules for the whole page (all rules when none is named).
 */
import type { Block, ParsedPage } from "../docs/model.js";
import { blockEndLine } from "../docs/block-lines.js";

const NEXT_BLOCK = /\{%-?\s*comment\s*-?%\}\s*docval-disable-next-block\b([^{]*)\{%-?\s*endcomment\s*-?%\}/;
const WHOLE_PAGE = /\{%-?\s*comment\s*-?%\}\s*docval-disable(?!-)\b([^{]*)\{%-?\s*endcomment\s*-?%\}/g;

export interface Suppressions {
  /** Whether a finding of `rule` at file:line is silenced. */
  has(rule: string, file: string, line: number): boolean;
}

function ids(text: string): Set<string> | "all" {
  const list = text.split(/[\s,]+/).filter(Boolean);
  return list.length === 0 ? "all" : new Set(list);
}

export function suppressionsFor(page: ParsedPage, readFile: (rel: string) => string | undefined): Suppressions {
  const pageWide: (Set<string> | "all")[] = [];
  for (const m of page.text.matchAll(WHOLE_PAGE)) pageWide.push(ids(m[1]));
  const ranges: { file: string; from: number; to: number; rules: Set<string> | "all" }[] = [];
  const texts = new Map<string, string[]>();
  const linesOf = (file: string) => {
    let l = texts.get(file);
    if (!l) texts.set(file, (l = (file === page.file ? page.text : (readFile(file) ?? "")).split("\n")));
    return l;
  };
  for (const b of page.blocks as Block[]) {
    const before = linesOf(b.source.file)[b.source.line - 2];
    const m = before ? NEXT_BLOCK.exec(before) : null;
    if (m) ranges.push({ file: b.source.file, from: b.source.line, to: blockEndLine(b), rules: ids(m[1]) });
  }
  return {
    has(rule, file, line) {
      if (pageWide.some((r) => r === "all" || r.has(rule))) return true;
      return ranges.some((r) => r.file === file && line >= r.from && line <= r.to && (r.rules === "all" || r.rules.has(rule)));
    },
  };
}
