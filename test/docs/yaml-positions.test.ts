/**
 * The indentation scanner that finds front-matter lines must agree with a full YAML document model (`yaml`'s
 * node ranges, which parse.ts used before) on every block-structured path: hand-written shapes, every fixture
 * page, and every page of the shared corpus.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import { splitFrontMatter } from "../../src/docs/frontmatter.js";
import { yamlPositions } from "../../src/docs/yaml-positions.js";
import { lineAt, lineStarts } from "../../src/docs/yaml.js";
import { CORPUS, HAS_CORPUS, PROJECT_ROOT } from "../helpers/corpus.js";

const SHAPES = `title: Shapes
# a comment at the top level
prereqs:
  inline:
    - title: First
      content: |
        export A=1

        echo "not: a key"
    - title: Second
      include_content: prereqs/thing
    -
      title: Third
      content: >-
        folded
  entities:
    services:
      - example-service
cleanup:
  inline:
  - title: Same-indent list
    content: |
      curl -X DELETE
"quoted key": 1
'single': 2
tags: [a, b]
empty:
last: done
`;

describe("yamlPositions on hand-written shapes", () => {
  const p = yamlPositions(SHAPES);

  it("finds keys, list items, block scalars and their content lines", () => {
    expect(p.keyLine(["prereqs"])).toBe(3);
    expect(p.nodeLine(["prereqs"])).toBe(4);
    expect(p.nodeLine(["prereqs", "inline", 0])).toBe(5);
    expect(p.nodeLine(["prereqs", "inline", 0, "content"])).toBe(6);
    expect(p.isBlockScalar(["prereqs", "inline", 0, "content"])).toBe(true);
    expect(p.nodeLine(["prereqs", "inline", 1, "include_content"])).toBe(11);
    expect(p.isBlockScalar(["prereqs", "inline", 1, "include_content"])).toBe(false);
    expect(p.nodeLine(["prereqs", "inline", 2, "title"])).toBe(13);
    expect(p.nodeLine(["prereqs", "inline", 2, "content"])).toBe(14);
    expect(p.isBlockScalar(["prereqs", "inline", 2, "content"])).toBe(true);
    expect(p.keyLine(["prereqs", "entities"])).toBe(16);
    expect(p.nodeLine(["prereqs", "entities", "services", 0])).toBe(18);
  });
  it("reads a sequence written at its key's own indent", () => {
    expect(p.nodeLine(["cleanup", "inline"])).toBe(21);
    expect(p.nodeLine(["cleanup", "inline", 0, "content"])).toBe(22);
  });
  it("does not take text inside a block scalar for a key", () => {
    expect(p.nodeLine(["prereqs", "inline", 0, "content", "echo \"not"])).toBeUndefined();
    expect(p.nodeLine(["echo \"not"])).toBeUndefined();
  });
  it("finds quoted keys, inline and empty values, and says undefined for what is not there", () => {
    expect(p.keyLine(["quoted key"])).toBe(24);
    expect(p.keyLine(["single"])).toBe(25);
    expect(p.nodeLine(["tags"])).toBe(26);
    expect(p.nodeLine(["empty"])).toBe(27);
    expect(p.nodeLine(["last"])).toBe(28);
    expect(p.nodeLine(["missing"])).toBeUndefined();
    expect(p.nodeLine(["prereqs", "inline", 7])).toBeUndefined();
    expect(p.keyLine(["prereqs", "inline", 0])).toBeUndefined();
  });
  it("takes the last of duplicate keys, as the value reader does", () => {
    expect(yamlPositions("a: 1\nb: 2\na: 3\n").nodeLine(["a"])).toBe(3);
  });
});

/** Every path under block collections, with the line `yaml` gives its node (and its key), for comparison. */
function oracle(text: string): { path: (string | number)[]; node: number; key?: number; block: boolean }[] {
  const doc = parseDocument(text, { version: "1.1", uniqueKeys: false });
  if (doc.errors.length > 0) return [];
  const starts = lineStarts(text);
  const line = (n: Node | null | undefined) => (n?.range ? lineAt(starts, n.range[0]) : undefined);
  const out: { path: (string | number)[]; node: number; key?: number; block: boolean }[] = [];
  const seenKeys = new Map<string, number>();
  const walk = (n: unknown, path: (string | number)[]): void => {
    if (isMap(n) && !n.flow) {
      for (const pair of n.items) {
        if (!isScalar(pair.key) || typeof pair.key.value !== "string") continue;
        const p = [...path, pair.key.value];
        const v = pair.value as Node | null;
        const at = line(v) ?? line(pair.key as Node);
        if (at === undefined) continue;
        const id = p.join("\u0000");
        // Duplicate keys: the last one counts, so drop what an earlier one recorded.
        if (seenKeys.has(id)) out.splice(0, out.length, ...out.filter((o) => !o.path.join("\u0000").startsWith(id)));
        seenKeys.set(id, 1);
        const block = isScalar(v) && (v.type === "BLOCK_LITERAL" || v.type === "BLOCK_FOLDED");
        // An empty value has no range of its own in `yaml`; the scanner answers with the key line.
        out.push({ path: p, node: v && v.range && !(isScalar(v) && v.value === null && v.range[0] === v.range[1]) ? at : line(pair.key as Node)!, key: line(pair.key as Node), block });
        walk(v, p);
      }
    } else if (isSeq(n) && !n.flow) {
      n.items.forEach((item, i) => {
        const at = line(item as Node);
        if (at === undefined) return;
        const block = isScalar(item) && (item.type === "BLOCK_LITERAL" || item.type === "BLOCK_FOLDED");
        out.push({ path: [...path, i], node: at, block });
        walk(item, [...path, i]);
      });
    }
  };
  walk(doc.contents, []);
  return out;
}

function compare(text: string, where: string): number {
  const p = yamlPositions(text);
  const want = oracle(text);
  for (const w of want) {
    const label = `${where} ${w.path.join(".")}`;
    expect(p.nodeLine(w.path), label).toBe(w.node);
    expect(p.isBlockScalar(w.path), label).toBe(w.block);
    if (w.key !== undefined) expect(p.keyLine(w.path), label).toBe(w.key);
  }
  return want.length;
}

function frontMatters(dir: string): { file: string; yaml: string }[] {
  const out: { file: string; yaml: string }[] = [];
  for (const f of readdirSync(dir, { recursive: true }).map(String)) {
    if (!f.endsWith(".md")) continue;
    const split = splitFrontMatter(readFileSync(join(dir, f), "utf8"));
    if (split.yaml !== undefined) out.push({ file: f, yaml: split.yaml });
  }
  return out;
}

describe("yamlPositions agrees with yaml's document ranges", () => {
  it("on the hand-written shapes", () => {
    expect(compare(SHAPES, "shapes")).toBeGreaterThan(20);
  });
  it("on every fixture page's front matter", () => {
    let n = 0;
    for (const { file, yaml } of frontMatters(resolve(PROJECT_ROOT, "fixtures"))) n += compare(yaml, file);
    expect(n).toBeGreaterThan(100);
  });
  it.skipIf(!HAS_CORPUS)("on every how-to of the shared corpus", () => {
    let n = 0;
    const pages = frontMatters(resolve(CORPUS, "app/_how-tos"));
    for (const { file, yaml } of pages) n += compare(yaml, file);
    expect(pages.length).toBeGreaterThanOrEqual(50);
    expect(n).toBeGreaterThan(1000);
  });
});
