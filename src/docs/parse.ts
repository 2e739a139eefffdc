/**
 * parsePage: one page file → front matter and the typed blocks it holds, in page order
 * (prerequisites, body, marked cleanup), each with the file and line it came from. Renders only
 * what can hold test content: the body, `prereqs.inline[].content`/`include_content`, and
 * cleanup cards that carry a test marker. Never throws on bad input.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { diag, type Diagnostic } from "../core/diagnostic.js";
import type { SourcePos } from "../core/source.js";
import type { Checkout } from "./checkout.js";
import { splitFrontMatter } from "./frontmatter.js";
import { engineFor, liquidErrorPos } from "./liquid/engine.js";
import { markersIn, newState, recordBlock, withState } from "./liquid/state.js";
import type { Block, ParsedPage } from "./model.js";
import { prereqEntitiesBlock } from "./prereq-entities.js";
import { isRecord, parseYaml } from "./yaml.js";
import { yamlPositions, type YamlPositions } from "./yaml-positions.js";

const EXPORT_LINE = /^\s*export\s+([A-Za-z_][A-Za-z0-9_]*)=/;

interface Piece {
  text: string;
  file: string;
  baseLine: number;
  section: Block["section"];
}

export function parsePage(checkout: Checkout, file: string): ParsedPage {
  const diagnostics: Diagnostic[] = [];
  const page: ParsedPage = { file, frontMatter: {}, bodyLine: 1, blocks: [], includes: [], diagnostics, text: "" };
  const fail = (d: Diagnostic): ParsedPage => {
    page.fatal = d;
    diagnostics.push(d);
    return page;
  };

  let text: string;
  try {
    text = readFileSync(join(checkout.root, file), "utf8");
  } catch (e) {
    return fail(diag("docs/unreadable", "page", `cannot read page: ${(e as Error).message}`, { severity: "error", source: { file, line: 1 } }));
  }
  page.text = text;

  const split = splitFrontMatter(text);
  page.bodyLine = split.bodyLine;
  if (split.unclosed) {
    return fail(diag("docs/front-matter-unclosed", "page", "front matter is not closed: expected a line '---' after the YAML", { severity: "error", source: { file, line: 1 } }));
  }
  let positions: YamlPositions | undefined;
  if (split.yaml === undefined) {
    diagnostics.push(diag("docs/no-front-matter", "page", "page has no front matter (expected '---' on the first line)", { severity: "warning", source: { file, line: 1 } }));
  } else {
    const r = parseYaml(split.yaml);
    if (r.error) {
      return fail(diag("docs/front-matter-yaml", "page", `front matter is not valid YAML: ${r.error.message}`, {
        severity: "error",
        source: { file, line: 1 + r.error.line, column: r.error.column },
      }));
    }
    if (r.value != null && !isRecord(r.value)) {
      return fail(diag("docs/front-matter-shape", "page", "front matter must be a mapping of keys", { severity: "error", source: { file, line: 2 } }));
    }
    page.frontMatter = (r.value as Record<string, unknown>) ?? {};
    positions = yamlPositions(split.yaml);
  }
  const fm = page.frontMatter;
  /** File line of a front-matter node (block scalars: their first content line). */
  const fmLine = (path: (string | number)[], contentLine = false): number => {
    const line = positions?.nodeLine(path);
    if (line === undefined) return 1;
    return 1 + line + (contentLine && positions?.isBlockScalar(path) ? 1 : 0);
  };

  /** File line of a front-matter key (the line that names it). */
  const fmKeyLine = (path: (string | number)[]): number => {
    const line = positions?.keyLine(path);
    return line === undefined ? fmLine(path) : 1 + line;
  };

  const engine = engineFor(checkout);
  checkout.dataProblems?.touched.clear();
  const scope = { site: checkout.site, page: fm };
  const state = newState("body");
  const exports: { name: string; source: SourcePos }[] = [];
  const outputs: string[] = [];

  const render = (piece: Piece): void => {
    state.section = piece.section;
    try {
      const tpl = engine.parse(piece.text, piece.file, piece.baseLine);
      outputs.push(withState(state, () => engine.liquid.renderSync(tpl, scope) as string));
    } catch (e) {
      const { message, pos } = liquidErrorPos(e, piece.file, piece.baseLine);
      state.diagnostics.push(diag("docs/liquid", "page", message, { severity: "error", source: pos }));
    }
  };
  const renderInclude = (path: string, section: Block["section"], pos: SourcePos, onlyIfMarked: boolean): void => {
    const rel = path.endsWith(".md") ? path : `${path}.md`;
    const inc = engine.include(rel.replace(/^\/+/, ""));
    if (inc.error) {
      state.diagnostics.push(diag("docs/include", "page", `${inc.error.message} (include_content: ${path})`, { severity: "error", source: inc.error.line > 0 ? { file: inc.file, line: inc.error.line } : pos }));
      return;
    }
    const incText = readText(join(checkout.root, inc.file));
    if (onlyIfMarked && !/data-test-|\{%-?\s*(validation|env_variables|include)/.test(incText)) return;
    state.includes.add(inc.file);
    if (section === "prereqs") collectExports(incText, inc.file, 1, exports);
    state.section = section;
    state.includeStack.push(inc.file);
    try {
      outputs.push(withState(state, () => engine.liquid.renderSync(inc.templates ?? [], { ...scope, include: {} }) as string));
    } catch (e) {
      const { message, pos: p } = liquidErrorPos(e, inc.file, 1);
      state.diagnostics.push(diag("docs/liquid", "page", message, { severity: "error", source: p }));
    } finally {
      state.includeStack.pop();
    }
  };
  const renderCard = (item: unknown, i: number, key: "prereqs" | "cleanup"): void => {
    if (!isRecord(item)) return;
    const section = key === "prereqs" ? "prereqs" : "cleanup";
    if (typeof item.content === "string") {
      if (key === "cleanup" && !item.content.includes("data-test-")) return;
      const baseLine = fmLine([key, "inline", i, "content"], true);
      if (key === "prereqs") collectExports(item.content, file, baseLine, exports);
      if (item.content.includes("{") || item.content.includes("data-test-")) {
        render({ text: item.content, file, baseLine, section });
      }
    } else if (typeof item.include_content === "string") {
      renderInclude(item.include_content, section, { file, line: fmLine([key, "inline", i, "include_content"]) }, key === "cleanup");
    }
  };

  // Prerequisites in the site's card order: `position: before` cards, entities, the other cards.
  const prereqs = fm.prereqs;
  if (prereqs !== undefined && prereqs !== null && !isRecord(prereqs)) {
    diagnostics.push(diag("docs/prereqs-shape", "page", "prereqs must be a mapping (inline, entities, …), not a list", { severity: "error", source: { file, line: fmLine(["prereqs"]) } }));
  }
  const preMap = isRecord(prereqs) ? prereqs : {};
  const inline = Array.isArray(preMap.inline) ? preMap.inline : [];
  const before = inline.map((it, i) => [it, i] as const).filter(([it]) => isRecord(it) && it.position === "before");
  const after = inline.map((it, i) => [it, i] as const).filter(([it]) => !(isRecord(it) && it.position === "before"));
  for (const [it, i] of before) renderCard(it, i, "prereqs");
  if (preMap.entities != null) {
    const pos = { file, line: fmKeyLine(["prereqs", "entities"]) };
    const block = prereqEntitiesBlock(checkout, fm, preMap, pos);
    outputs.push(withState(state, () => recordBlock(block)));
  }
  for (const [it, i] of after) renderCard(it, i, "prereqs");

  render({ text: split.body, file, baseLine: split.bodyLine, section: "body" });

  const cleanup = isRecord(fm.cleanup) && Array.isArray(fm.cleanup.inline) ? fm.cleanup.inline : [];
  cleanup.forEach((it, i) => renderCard(it, i, "cleanup"));

  for (const idx of markersIn(outputs.join("\n"))) {
    const b = state.blocks[idx];
    if (b) page.blocks.push(b);
  }
  page.includes = [...state.includes].sort();
  diagnostics.push(...state.diagnostics);
  for (const b of page.blocks) if (b.error) diagnostics.push(b.error);
  page.exports = exports;

  if (typeof fm.title === "string") {
    page.title = fm.title;
    if (fm.title.includes("{")) {
      try {
        page.title = engine.liquid.parseAndRenderSync(fm.title, scope) as string;
      } catch {
        page.title = fm.title;
      }
    }
  }
  // Data files this page read (site.data.*) that could not be parsed: the site build would fail on them.
  for (const f of checkout.dataProblems?.touched ?? []) {
    const p = checkout.dataProblems?.get(f);
    if (!p) continue;
    diagnostics.push(diag("docs/data-file", "page", `data file ${relative(checkout.root, p.file)} is not valid: ${p.message}`, {
      severity: "error",
      source: { file: relative(checkout.root, p.file).split(sep).join("/"), line: p.line },
      hint: "the page reads it through site.data; fix the file",
    }));
  }
  return page;
}

function collectExports(text: string, file: string, baseLine: number, out: { name: string; source: SourcePos }[]): void {
  if (!text.includes("export")) return;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = EXPORT_LINE.exec(lines[i]);
    if (m) out.push({ name: m[1], source: { file, line: baseLine + i } });
  }
}

const textCache = new Map<string, string>();
function readText(abs: string): string {
  let t = textCache.get(abs);
  if (t === undefined) {
    t = existsSync(abs) ? readFileSync(abs, "utf8") : "";
    textCache.set(abs, t);
  }
  return t;
}
