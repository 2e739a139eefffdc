/**
 * What reading one page yields: its front matter and the typed blocks found in it, each with
 * the position it came from (an include's file and line when it came from one). Produced by
 * `parsePage` (src/docs), consumed by the planner (src/plan) and the linter (src/lint).
 */
import type { Diagnostic } from "../core/diagnostic.js";
import type { SourcePos } from "../core/source.js";

export type BlockTag =
  | "entity_examples"
  | "entity_example"
  | "validation"
  | "control_plane_request"
  | "konnect_api_request"
  | "env_variables"
  /** An author-marked fenced code block (`{: data-test-step="block" }` and variants). */
  | "fence"
  /** The `prereqs.entities` of the front matter, resolved from data files. */
  | "prereq_entities";

export interface Block {
  tag: BlockTag;
  /** For `validation`: the type as written (`request-check`); for fences: `step|prereq|cleanup`. */
  type?: string;
  /** Line of the opening tag (or fence). */
  source: SourcePos;
  /** Line of the first body line, so YAML node offsets map to file lines. */
  bodyLine: number;
  /** Block body after Liquid rendering (YAML text, or the fence's code). */
  raw: string;
  /** Parsed YAML body (undefined when it did not parse; see `error`). */
  data?: unknown;
  error?: Diagnostic;
  section: "prereqs" | "body" | "cleanup";
  /** Navtab titles around the block, outermost first. */
  tabs: string[];
  /** From `{% konnect %}`/`{% on_prem %}` wrappers or a `data-deployment-topology` attribute. */
  topology?: "on-prem" | "konnect";
  /** Fence language, for fences. */
  lang?: string;
}

export interface ParsedPage {
  /** Relative to the checkout root. */
  file: string;
  frontMatter: Record<string, unknown>;
  /** Line where the body starts (after the closing `---`). */
  bodyLine: number;
  blocks: Block[];
  /** Every include the page pulled in, relative to the root. */
  includes: string[];
  /** Problems found while reading; a fatal one is also in `fatal`. */
  diagnostics: Diagnostic[];
  /** Set when the page could not be read at all (front matter did not parse, unclosed tag). */
  fatal?: Diagnostic;
  /** The raw page text (for lint rules that look at lines). */
  text: string;
  /** The title with its Liquid rendered (`{{site.base_gateway}}` → Kong Gateway). Added by issue 2. */
  title?: string;
  /**
   * `export NAME=…` lines in the page's prerequisites (inline content and `include_content`
   * files), in page order: where the reader is told to set each env name. Added by issue 2.
   */
  exports?: { name: string; source: SourcePos }[];
}
