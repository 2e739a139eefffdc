/**
 * One Liquid engine per checkout: the site's custom tags as block recorders, a Jekyll-style
 * `include` resolved against the includes folder (parsed once, cached), tolerant handling of
 * presentation-only tags, and the site filters. Rendering is synchronous.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  Hash,
  Liquid,
  Tag,
  TypeGuards,
  type Context,
  type Emitter,
  type Parser,
  type TagToken,
  type Template,
  type TopLevelToken,
} from "liquidjs/dist/liquid.node.mjs";
import { diag } from "../../core/diagnostic.js";
import type { SourcePos } from "../../core/source.js";
import type { Checkout } from "../checkout.js";
import type { Block, BlockTag } from "../model.js";
import { isRecord, parseYaml } from "../yaml.js";
import { markFences, type FenceInfo } from "./fences.js";
import { registerFilters } from "./filters.js";
import { currentSource, makeSource, positionOf, withSource } from "./source.js";
import { onlyMarkers, recordBlock, reportOnce, state } from "./state.js";

/** Tags whose YAML body becomes a block. */
const BLOCK_TAGS: BlockTag[] = [
  "entity_examples",
  "entity_example",
  "validation",
  "control_plane_request",
  "konnect_api_request",
  "env_variables",
];

/** Names liquidjs handles inside other tags; never registered as unknown tags. */
const SUBTAGS = new Set(["else", "elsif", "when", "empty"]);

const MAX_INCLUDE_DEPTH = 20;
/**
 * Liquid tags and outputs per parsed text. liquidjs consumes its token list with Array#shift, so
 * parsing is quadratic in the number of tokens (50,000 outputs take minutes); real pages hold a few
 * hundred. Past this a page is refused with an error instead of stalling the run.
 */
export const MAX_LIQUID_TAGS = 10_000;
/** Includes rendered per page: a file that includes another twice, 20 levels deep, would be 2^20. */
const MAX_INCLUDE_RENDERS = 500;

/** Jekyll refuses include paths that climb out of the includes folder; so do we (a page must not read /etc). */
export function includePathProblem(path: string): string | undefined {
  const p = path.replace(/\\/g, "/");
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p)) return `include path must be relative to the includes folder: ${path}`;
  if (p.split("/").some((seg) => seg === "..")) return `include path leaves the includes folder: ${path}`;
  if (p.includes("\0")) return `include path holds a NUL byte: ${JSON.stringify(path)}`;
  return undefined;
}

export class LiquidLocError extends Error {
  constructor(
    message: string,
    readonly pos: SourcePos,
  ) {
    super(message);
  }
}

export interface Engine {
  liquid: Liquid;
  /** Parses text from `file` starting at `baseLine`, after swapping author-marked fences for tags. */
  parse(text: string, file: string, baseLine: number): Template[];
  /** Parsed include (relative to the includes folder), or a diagnostic-worthy problem. */
  include(path: string): { templates?: Template[]; file: string; error?: { message: string; line: number } };
}

const engines = new WeakMap<Checkout, Engine>();

export function engineFor(checkout: Checkout): Engine {
  let e = engines.get(checkout);
  if (!e) {
    e = createEngine(checkout);
    engines.set(checkout, e);
  }
  return e;
}

function parseChildren(name: string, remain: TopLevelToken[], parser: Parser, token: TagToken): Template[] {
  const out: Template[] = [];
  const end = `end${name}`;
  while (remain.length) {
    const t = remain.shift() as TopLevelToken;
    if (TypeGuards.isTagToken(t) && t.name === end) return out;
    out.push(parser.parseToken(t, remain));
  }
  throw new Error(`{% ${name} %} is not closed: expected {% ${end} %} (opened with ${token.getText().trim()})`);
}

function bodyLineOf(token: TagToken): number {
  const end = positionOf(token.input, token.end);
  return token.input[token.end] === "\n" ? end.line + 1 : end.line;
}

function createEngine(checkout: Checkout): Engine {
  const liquid = new Liquid({ strictFilters: false, strictVariables: false, cache: false });
  const includeCache = new Map<string, ReturnType<Engine["include"]>>();
  const includesDir = join(checkout.root, checkout.layout.includes);

  registerFilters(liquid);
  liquid.registerFilter("liquify", function (this: { context: Context }, v: unknown) {
    const text = v == null ? "" : String(v);
    if (!text.includes("{")) return text;
    const src = currentSource();
    const tpl = engine.parse(text, src?.file ?? "<liquify>", src?.baseLine ?? 1);
    return liquid.renderer.renderTemplates(tpl, this.context);
  });

  /** A custom tag whose YAML body is recorded as a typed block. */
  function blockTagClass(tag: BlockTag) {
    return class extends Tag {
      templates: Template[];
      pos: SourcePos;
      bodyLine: number;
      type?: string;
      constructor(token: TagToken, remain: TopLevelToken[], l: Liquid, parser: Parser) {
        super(token, remain, l);
        this.pos = positionOf(token.input, token.begin);
        this.bodyLine = bodyLineOf(token);
        const arg = token.args.trim().split(/\s+/)[0];
        this.type = arg || undefined;
        this.templates = parseChildren(tag, remain, parser, token);
      }
      *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
        const rendered = (yield liquid.renderer.renderTemplates(this.templates, ctx)) as string;
        const raw = rendered.startsWith("\n") ? rendered.slice(1) : rendered;
        emitter.write(recordBlock(makeBlock(tag, this.type, this.pos, this.bodyLine, raw)));
      }
    };
  }

  for (const t of BLOCK_TAGS) liquid.registerTag(t, blockTagClass(t));

  /** `navtabs` and unknown paired tags: render what is inside, nothing else. */
  class Transparent extends Tag {
    templates: Template[];
    constructor(token: TagToken, remain: TopLevelToken[], l: Liquid, parser: Parser) {
      super(token, remain, l);
      this.templates = parseChildren(token.name, remain, parser, token);
    }
    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      yield liquid.renderer.renderTemplates(this.templates, ctx, emitter);
    }
  }
  liquid.registerTag("navtabs", Transparent);

  class NavTab extends Tag {
    templates: Template[];
    title: string;
    constructor(token: TagToken, remain: TopLevelToken[], l: Liquid, parser: Parser) {
      super(token, remain, l);
      const m = /^\s*(["'])(.*?)\1/.exec(token.args);
      this.title = m ? m[2] : token.args.trim().split(/\s+/)[0] ?? "";
      this.templates = parseChildren("navtab", remain, parser, token);
    }
    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      let title = this.title;
      if (title.includes("{")) title = (yield liquid.renderer.renderTemplates(liquid.parse(title), ctx)) as string;
      const s = state();
      s.tabs.push(title);
      try {
        yield liquid.renderer.renderTemplates(this.templates, ctx, emitter);
      } finally {
        s.tabs.pop();
      }
    }
  }
  liquid.registerTag("navtab", NavTab);

  function topologyTag(topology: "on-prem" | "konnect", name: string) {
    return class extends Tag {
      templates: Template[];
      constructor(token: TagToken, remain: TopLevelToken[], l: Liquid, parser: Parser) {
        super(token, remain, l);
        this.templates = parseChildren(name, remain, parser, token);
      }
      *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
        const s = state();
        const saved = s.topology;
        s.topology = topology;
        try {
          const inner = (yield liquid.renderer.renderTemplates(this.templates, ctx)) as string;
          emitter.write(onlyMarkers(inner));
        } finally {
          s.topology = saved;
        }
      }
    };
  }
  liquid.registerTag("konnect", topologyTag("konnect", "konnect"));
  liquid.registerTag("on_prem", topologyTag("on-prem", "on_prem"));

  class FenceTag extends Tag {
    fence?: FenceInfo;
    file: string;
    baseLine: number;
    constructor(token: TagToken, remain: TopLevelToken[], l: Liquid) {
      super(token, remain, l);
      const src = currentSource();
      this.fence = src?.fences[Number(token.args.trim())];
      this.file = src?.file ?? "<unknown>";
      this.baseLine = src?.baseLine ?? 1;
    }
    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const f = this.fence;
      if (!f) return;
      let code = f.code;
      if (code.includes("{{") || code.includes("{%")) {
        const tpl = engine.parse(code, this.file, this.baseLine + f.codeLine);
        code = (yield liquid.renderer.renderTemplates(tpl, ctx)) as string;
      }
      const s = state();
      const section = f.marker === "prereq" ? "prereqs" : f.marker === "cleanup" ? "cleanup" : s.section;
      emitter.write(
        recordBlock({
          tag: "fence",
          type: f.marker,
          source: { file: this.file, line: this.baseLine + f.fenceLine },
          bodyLine: this.baseLine + f.codeLine,
          raw: code,
          section,
          tabs: [...s.tabs],
          topology: f.topology ?? s.topology,
          lang: f.lang,
        }),
      );
    }
  }
  liquid.registerTag("docval_fence", FenceTag);

  class IncludeTag extends Tag {
    pathExpr: string;
    hash: Hash;
    pos: SourcePos;
    constructor(token: TagToken, remain: TopLevelToken[], l: Liquid) {
      super(token, remain, l);
      this.pos = positionOf(token.input, token.begin);
      const m = /^\s*((?:\{\{.*?\}\}|[^\s{])+)\s*([\s\S]*)$/.exec(token.args);
      this.pathExpr = m?.[1] ?? "";
      this.hash = new Hash(m?.[2] ?? "", true);
    }
    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      let path = this.pathExpr;
      if (path.includes("{{")) path = (yield liquid.renderer.renderTemplates(liquid.parse(path), ctx)) as string;
      path = path.trim().replace(/^["']|["']$/g, "").replace(/^\/+/, "");
      // .html includes are the site's presentation templates: no test content.
      if (!path || path.endsWith(".html")) return;
      const s = state();
      const inc = engine.include(path);
      s.includes.add(inc.file);
      if (inc.error) {
        s.diagnostics.push(
          diag("docs/include", "page", inc.error.message, {
            severity: "error",
            source: inc.error.line > 0 ? { file: inc.file, line: inc.error.line } : this.pos,
            related: inc.error.line > 0 ? [{ message: "included here", source: this.pos }] : undefined,
            hint: inc.error.line > 0 ? undefined : `includes are resolved under ${checkout.layout.includes}/`,
          }),
        );
        return;
      }
      if (s.includeStack.includes(inc.file)) {
        const chain = [...s.includeStack.slice(s.includeStack.indexOf(inc.file)), inc.file].join(" → ");
        reportOnce(diag("docs/include-cycle", "page", `include cycle: ${chain}`, { severity: "error", source: this.pos, hint: "an include must not pull in itself, directly or through other includes" }));
        return;
      }
      if (s.depth >= MAX_INCLUDE_DEPTH) {
        reportOnce(diag("docs/include-depth", "page", `includes nested deeper than ${MAX_INCLUDE_DEPTH} levels at ${path}`, { severity: "error", source: this.pos }));
        return;
      }
      if (++s.includeRenders > MAX_INCLUDE_RENDERS) {
        // Said once, where the budget ran out; the includes still pending are dropped quietly.
        if (s.includeRenders === MAX_INCLUDE_RENDERS + 1) reportOnce(diag("docs/include-budget", "page", `the page renders more than ${MAX_INCLUDE_RENDERS} includes; stopped at ${path}`, { severity: "error", source: this.pos, hint: "an include pulled in many times over (fan-out) makes the page grow exponentially" }));
        return;
      }
      const params = (yield this.hash.render(ctx)) as Record<string, unknown>;
      ctx.push({ include: params });
      s.depth++;
      s.includeStack.push(inc.file);
      try {
        yield liquid.renderer.renderTemplates(inc.templates ?? [], ctx, emitter);
      } finally {
        s.depth--;
        s.includeStack.pop();
        ctx.pop();
      }
    }
  }
  liquid.registerTag("include", IncludeTag);
  liquid.registerTag("include_cached", IncludeTag);

  class Noop extends Tag {
    render(): void {}
  }

  function registerUnknownTags(text: string): void {
    if (!text.includes("{%")) return;
    for (const m of text.matchAll(/\{%-?\s*([A-Za-z_][\w-]*)/g)) {
      const name = m[1];
      if (name in liquid.tags || SUBTAGS.has(name) || name.startsWith("end")) continue;
      liquid.registerTag(name, text.includes(`end${name}`) ? Transparent : Noop);
    }
  }

  function makeBlock(tag: BlockTag, type: string | undefined, pos: SourcePos, bodyLine: number, raw: string): Block {
    const s = state();
    const block: Block = {
      tag,
      type: tag === "validation" ? type : undefined,
      source: pos,
      bodyLine,
      raw,
      section: s.section,
      tabs: [...s.tabs],
      topology: s.topology,
    };
    const r = parseYaml(raw);
    if (r.error) {
      const what = tag === "validation" ? `{% validation ${type ?? ""} %}` : `{% ${tag} %}`;
      block.error = diag("docs/block-yaml", "page", `${what} body is not valid YAML: ${r.error.message}`, {
        severity: "error",
        source: { file: pos.file, line: bodyLine + r.error.line - 1, column: r.error.column },
      });
    } else {
      block.data = r.value;
      if (isRecord(r.value) && r.value.section === "prereqs") block.section = "prereqs";
    }
    return block;
  }

  const engine: Engine = {
    liquid,
    parse(text, file, baseLine) {
      tooManyTags(text, file, baseLine);
      const marked = markFences(text);
      registerUnknownTags(marked.text);
      return withSource(makeSource(file, baseLine, marked.text, marked.fences), () => liquid.parse(marked.text, file));
    },
    include(path) {
      const file = `${checkout.layout.includes}/${path}`;
      const cached = includeCache.get(path);
      if (cached) return cached;
      let result: ReturnType<Engine["include"]>;
      const abs = join(includesDir, path);
      const problem = includePathProblem(path);
      if (problem) {
        result = { file, error: { message: problem, line: 0 } };
      } else if (!existsSync(abs)) {
        result = { file, error: { message: `include not found: ${file}`, line: 0 } };
      } else {
        try {
          result = { file, templates: engine.parse(readFileSync(abs, "utf8"), file, 1) };
        } catch (e) {
          const loc = liquidErrorPos(e, file);
          result = { file, error: { message: `${loc.message} (in include ${file})`, line: loc.pos.line } };
        }
      }
      includeCache.set(path, result);
      return result;
    },
  };
  return engine;
}

function tooManyTags(text: string, file: string, baseLine: number): void {
  const re = /\{[{%]/g;
  let count = 0;
  while (re.exec(text)) {
    if (++count > MAX_LIQUID_TAGS) {
      const line = baseLine + text.slice(0, re.lastIndex).split("\n").length - 1;
      throw new LiquidLocError(`more than ${MAX_LIQUID_TAGS} Liquid tags and outputs in one file; docval stops reading here`, { file, line });
    }
  }
}

/** Message and position of a liquidjs parse/render error (the innermost tag that failed). */
export function liquidErrorPos(e: unknown, fallbackFile: string, fallbackLine = 1): { message: string; pos: SourcePos } {
  if (e instanceof LiquidLocError) return { message: e.message, pos: e.pos };
  const err = e as { message?: string; originalError?: { message?: string }; token?: { input?: string; begin?: number; file?: string } };
  let message = err?.originalError?.message ?? err?.message ?? String(e);
  message = message.replace(/, line:\d+, col:\d+$/, "");
  const m = /line:(\d+)/.exec(err?.message ?? "");
  const tokenFile = err?.token?.file;
  if (tokenFile && typeof err.token?.begin === "number" && typeof err.token.input === "string") {
    // Token offsets are into the text of `tokenFile`; count lines there.
    const before = err.token.input.slice(0, err.token.begin);
    const line = before.split("\n").length;
    return { message, pos: { file: tokenFile, line: line + lineBaseFor(tokenFile, fallbackFile, fallbackLine) - 1 } };
  }
  return { message, pos: { file: fallbackFile, line: m ? Number(m[1]) + fallbackLine - 1 : fallbackLine } };
}

/** Pages and includes start at line 1 of their file; the page body starts later (its base is passed in). */
function lineBaseFor(tokenFile: string, fallbackFile: string, fallbackLine: number): number {
  return tokenFile === fallbackFile ? fallbackLine : 1;
}
