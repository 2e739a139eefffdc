/**
 * What a render collects. Block tags store their block here and write a marker into the output;
 * the page reader keeps the blocks whose markers reach the final text, in text order, so a block
 * in an unused capture is dropped and a captured block lands where the capture is printed.
 */
import type { Diagnostic } from "../../core/diagnostic.js";
import type { Block } from "../model.js";

export interface RenderState {
  blocks: Block[];
  tabs: string[];
  topology?: "on-prem" | "konnect";
  section: Block["section"];
  includes: Set<string>;
  diagnostics: Diagnostic[];
  depth: number;
  /** Includes being rendered, outermost first: a path already here is a cycle. */
  includeStack: string[];
  /** Includes rendered so far on this page (bounds fan-out that is not a cycle). */
  includeRenders: number;
  /** Keys of diagnostics already reported, so a loop is reported once, not once per level. */
  reported: Set<string>;
}

let active: RenderState | undefined;

export function newState(section: Block["section"]): RenderState {
  return { blocks: [], tabs: [], section, includes: new Set(), diagnostics: [], depth: 0, includeStack: [], includeRenders: 0, reported: new Set() };
}

export function withState<T>(state: RenderState, fn: () => T): T {
  const saved = active;
  active = state;
  try {
    return fn();
  } finally {
    active = saved;
  }
}

export function state(): RenderState {
  if (!active) active = newState("body");
  return active;
}

const OPEN = "\uE000";
const CLOSE = "\uE001";
const MARKER_RE = /\uE000(\d+)\uE001/g;

/** Adds a diagnostic unless the same code was already reported at the same place. */
export function reportOnce(d: Diagnostic): void {
  const s = state();
  const key = `${d.code}|${d.source?.file}|${d.source?.line}|${d.message}`;
  if (s.reported.has(key)) return;
  s.reported.add(key);
  s.diagnostics.push(d);
}

/** Stores a block and returns the marker that stands for it in the output. */
export function recordBlock(block: Block): string {
  const s = state();
  s.blocks.push(block);
  return `${OPEN}${s.blocks.length - 1}${CLOSE}`;
}

/** Block indexes in the order their markers appear in `text`. */
export function markersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(MARKER_RE)) out.push(Number(m[1]));
  return out;
}

/** Only the markers of a text, one per line (what a wrapper tag passes on to its parent). */
export function onlyMarkers(text: string): string {
  return markersIn(text).map((i) => `${OPEN}${i}${CLOSE}`).join("\n");
}
