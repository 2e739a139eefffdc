import { describe, expect, it } from "vitest";
import { parseShard, shardFiles } from "../../src/run/shard.js";

const files = Array.from({ length: 23 }, (_, i) => `app/_how-tos/area${i % 3}/page-${i}.md`);

describe("shards", () => {
  it("partitions the pages: every page in exactly one shard, evenly", () => {
    const parts = [1, 2, 3, 4].map((index) => shardFiles(files, { index, total: 4 }));
    expect(parts.flat().sort()).toEqual([...files].sort());
    for (const p of parts) expect(p.length).toBeGreaterThanOrEqual(5);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(6);
  });

  it("does not depend on discovery order", () => {
    const reversed = [...files].reverse();
    for (const index of [1, 2, 3]) expect(shardFiles(reversed, { index, total: 3 })).toEqual(shardFiles(files, { index, total: 3 }));
  });

  it("balances by previous durations: the heavy page gets a shard of its own", () => {
    const durations = new Map(files.map((f, i) => [f, i === 5 ? 10_000 : 100]));
    const parts = [1, 2].map((index) => shardFiles(files, { index, total: 2 }, durations));
    expect(parts.flat().sort()).toEqual([...files].sort());
    const heavy = parts.find((p) => p.includes(files[5])) as string[];
    const other = parts.find((p) => !p.includes(files[5])) as string[];
    expect(other.length).toBe(files.length - 1);
    expect(heavy).toEqual([files[5]]);
  });

  it("parses i/n and rejects nonsense", () => {
    expect(parseShard("2/4").shard).toEqual({ index: 2, total: 4 });
    expect(parseShard("5/4").diagnostic?.kind).toBe("usage");
    expect(parseShard("0/4").diagnostic).toBeDefined();
    expect(parseShard("x").diagnostic).toBeDefined();
  });
});
