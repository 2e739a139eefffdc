/**
 * The blob: the run's event log as JSON lines, for merging shards (Playwright's blob reporter).
 * Line 1 is a header with the blob format version and the shard; every other line is one RunEvent,
 * already redacted by the hub. Files are `shard-<i>-of-<n>.jsonl` (i zero-padded to n's width) or
 * `events.jsonl` for an unsharded run.
 */
import { readFile } from "node:fs/promises";
import { diag, type Diagnostic } from "../core/diagnostic.js";
import type { Reporter, RunEvent } from "../core/events.js";
import type { RunMeta } from "../core/results.js";
import { writeOutput } from "./output.js";

/** Bump when an event's shape changes incompatibly; readers refuse other versions. */
export const BLOB_VERSION = 1;

export interface BlobHeader {
  docvalBlob: number;
  docvalVersion: string;
  shard: { index: number; total: number } | null;
  createdAt: string;
}

export interface Blob {
  file: string;
  header: BlobHeader;
  events: RunEvent[];
}

export function blobFileName(shard: RunMeta["shard"]): string {
  if (!shard) return "events.jsonl";
  const width = String(shard.total).length;
  return `shard-${String(shard.index).padStart(width, "0")}-of-${shard.total}.jsonl`;
}

/**
 * `target` is a folder (the file name comes from the shard) or a path ending in `.jsonl`.
 * Lines are kept in memory and written at run end, so a half-written log never looks complete.
 */
export function blobReporter(target: string): Reporter & { name: string } {
  const lines: string[] = [];
  let header: BlobHeader | undefined;
  const push = (e: RunEvent) => void lines.push(JSON.stringify(e));
  return {
    name: "blob",
    onRunStart(e) {
      header = { docvalBlob: BLOB_VERSION, docvalVersion: e.meta.docvalVersion, shard: e.meta.shard ?? null, createdAt: e.meta.startTime };
      push(e);
    },
    onPageStart: push,
    onStepEnd: push,
    onPageEnd: push,
    onDiagnostic: push,
    async onRunEnd(e) {
      push(e);
      const h = header ?? { docvalBlob: BLOB_VERSION, docvalVersion: "unknown", shard: null, createdAt: e.summary.start };
      const file = target.endsWith(".jsonl") ? target : `${target.replace(/[\\/]+$/, "")}/${blobFileName(h.shard ?? undefined)}`;
      await writeOutput(file, `${[JSON.stringify(h), ...lines].join("\n")}\n`);
    },
  };
}

const EVENT_TYPES = new Set(["run-start", "page-start", "step-end", "page-end", "diagnostic", "run-end"]);

/** Reads one blob; a damaged or foreign file yields diagnostics, never a throw. */
export async function readBlob(file: string): Promise<{ blob?: Blob; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    return { diagnostics: [diag("report/input-unreadable", "usage", `cannot read ${file}: ${(err as Error).message}`)] };
  }
  return parseBlob(file, text);
}

export function parseBlob(file: string, text: string): { blob?: Blob; diagnostics: Diagnostic[] } {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const bad = (line: number, message: string, hint?: string) => ({
    diagnostics: [diag("report/blob-invalid", "usage", message, { source: { file, line }, ...(hint ? { hint } : {}) })],
  });
  if (lines.length === 0) return bad(1, `${file} is empty; expected a docval blob (JSON lines)`);
  let header: unknown;
  try {
    header = JSON.parse(lines[0]);
  } catch {
    return bad(1, `${file}: the first line is not JSON; expected the docval blob header`);
  }
  if (!isHeader(header)) return bad(1, `${file}: the first line is not a docval blob header ({"docvalBlob": <version>, …})`);
  if (header.docvalBlob !== BLOB_VERSION) {
    return bad(1, `${file} is blob format version ${header.docvalBlob}; this docval (format ${BLOB_VERSION}) cannot read it`, "Merge with the same docval version that wrote the blobs.");
  }
  const events: RunEvent[] = [];
  for (let i = 1; i < lines.length; i++) {
    let ev: unknown;
    try {
      ev = JSON.parse(lines[i]);
    } catch {
      return bad(i + 1, `${file}:${i + 1} is not JSON; the blob is damaged (a partial upload?)`);
    }
    if (typeof ev !== "object" || ev === null || !EVENT_TYPES.has((ev as { type?: string }).type ?? "")) {
      return bad(i + 1, `${file}:${i + 1} is not a docval event`);
    }
    events.push(ev as RunEvent);
  }
  if (!events.some((e) => e.type === "run-end")) {
    return bad(lines.length, `${file} has no run-end event; the shard did not finish writing`, "Re-run the shard; its blob is incomplete.");
  }
  return { blob: { file, header, events }, diagnostics: [] };
}

function isHeader(v: unknown): v is BlobHeader {
  if (typeof v !== "object" || v === null) return false;
  const h = v as Record<string, unknown>;
  return typeof h.docvalBlob === "number" && (h.shard === null || (typeof h.shard === "object" && h.shard !== null));
}
