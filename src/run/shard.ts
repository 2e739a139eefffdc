/**
 * Deterministic sharding (DESIGN §2.11). Without timings: pages sorted by a SHA-1 of their
 * root-relative path, cut into even contiguous ranges, so discovery order and OS never move a page.
 * With a previous run's durations: longest first onto the lightest shard (ties by hash), pages
 * without a timing weighted at the median of the known ones.
 */
import { createHash } from "node:crypto";
import { diag, type Diagnostic } from "../core/diagnostic.js";

export interface Shard {
  index: number;
  total: number;
}

export function parseShard(text: string): { shard?: Shard; diagnostic?: Diagnostic } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || index < 1 || index > total) {
    return { diagnostic: diag("run/bad-shard", "usage", `--shard ${text}: expected i/n with 1 ≤ i ≤ n, e.g. --shard 2/4`) };
  }
  return { shard: { index, total } };
}

const hash = (s: string): string => createHash("sha1").update(s).digest("hex");

/** The files of shard `index` of `total`, in hash order. */
export function shardFiles(files: readonly string[], shard: Shard, durations?: ReadonlyMap<string, number>): string[] {
  const unique = [...new Set(files)];
  const byHash = unique.map((f) => ({ f, h: hash(f) })).sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  const known = durations ? unique.filter((f) => durations.has(f)) : [];
  if (!durations || known.length === 0) {
    const n = byHash.length;
    const from = Math.floor(((shard.index - 1) * n) / shard.total);
    const to = Math.floor((shard.index * n) / shard.total);
    return byHash.slice(from, to).map((x) => x.f);
  }
  const sorted = known.map((f) => durations.get(f) as number).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const weighted = byHash
    .map((x) => ({ ...x, w: durations.get(x.f) ?? median }))
    .sort((a, b) => b.w - a.w || (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  const loads = Array.from({ length: shard.total }, () => 0);
  const mine: { f: string; h: string }[] = [];
  for (const x of weighted) {
    let best = 0;
    for (let i = 1; i < loads.length; i++) if (loads[i] < loads[best]) best = i;
    loads[best] += x.w;
    if (best === shard.index - 1) mine.push(x);
  }
  return mine.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0)).map((x) => x.f);
}
