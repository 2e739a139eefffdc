/**
 * Property-based tests of reading and planning: whatever bytes a page holds, `parsePage` and
 * `planPage` return (never throw), every diagnostic names a file and a line ≥ 1, and one page takes
 * a bounded time. Inputs are small; runs are bounded (numRuns ~200 per property).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/core/diagnostic.js";
import { openCheckout, type Checkout } from "../../src/docs/checkout.js";
import { parsePage } from "../../src/docs/parse.js";
import { parseYaml } from "../../src/docs/yaml.js";
import { planPage } from "../../src/plan/build.js";
import type { Page } from "../../src/plan/model.js";

const PAGE = "app/_how-tos/bad/prop.md";
/** A generous sanity bound for one page; not a speed assertion. */
const PER_PAGE_MS = 5_000;

const dir = mkdtempSync(join(tmpdir(), "docval-prop-"));
cpSync("fixtures/bad", dir, { recursive: true });
const checkout = openCheckout([dir], { cwd: dir }).checkout as Checkout;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pieces that make the reader take its interesting paths; mixed with arbitrary text. */
const FRAGMENTS = [
  "---\n", "---\r\n", "\uFEFF", "title: t\n", "products:\n  - gateway\n", "prereqs:\n  entities:\n    services:\n      - echo-service\n",
  "prereqs:\n  inline:\n    - content: |\n        {% validation request-check %}\n", "works_on: [on-prem, konnect]\n",
  "{% validation request-check %}\n", "{% validation %}", "{% endvalidation %}\n", "{% entity_examples %}\n", "{% endentity_examples %}\n",
  "{% navtabs x %}", "{% navtab \"A\" %}", "{% endnavtab %}", "{% endnavtabs %}", "{% include loops/ping.md %}", "{% include ../x %}",
  "{% include {{ page.x }} %}", "{% capture c %}", "{% endcapture %}{{ c }}", "{% raw %}", "{% endraw %}", "{% if x %}", "{% endif %}",
  "{{", "}}", "{%", "%}", "{{ site.title | liquify }}", "{: data-test-step=\"block\" }\n", "```sh\necho hi\n```\n",
  "url: /echo\n", "status_code: 200\n", "status_code: x\n", "method: POST\nbody:\n  a: 1\n", "headers:\n  - 'a: b'\n",
  "form_data:\n  f: '@../../x'\n", "entities:\n  services:\n    - name: s\n      url: http://h\n", "variables:\n  v:\n    value: $V\n",
  "a: &a [1,2,3]\nb: [*a,*a,*a]\n", "*a\n", "&x ", "!!binary ", "? ", "- ", ": ", "\t", "\r\n", "\n", "  ", "[", "]", "{", "}", "'", "\"", "#", "\u0000", "\u00ff",
];

const fragmentText = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }), { maxLength: 40 })
  .map((parts) => parts.join(""));

const fullUnicode = fc.string({ unit: "binary", maxLength: 300 });
const bytes = fc.uint8Array({ maxLength: 400 });

function assertPositioned(ds: readonly Diagnostic[], what: string): void {
  for (const d of ds) {
    expect(d.code, what).toMatch(/^[a-z-]+\/[a-z0-9-]+$/);
    expect(d.message.length, `${d.code} in ${what}`).toBeGreaterThan(0);
    if (d.kind !== "page" && d.kind !== "assert") continue;
    expect(d.source, `${d.code} has no position in ${what}`).toBeDefined();
    expect(typeof d.source?.file).toBe("string");
    expect(Number.isInteger(d.source?.line) && (d.source?.line ?? 0) >= 1, `${d.code} line ${d.source?.line}`).toBe(true);
  }
}

/** Writes the page, reads and plans it; returns the plan page. Any throw fails the property. */
function readAndPlan(content: string | Uint8Array): Page {
  writeFileSync(join(dir, PAGE), content);
  const started = Date.now();
  const parsed = parsePage(checkout, PAGE);
  const page = planPage(checkout, parsed);
  expect(Date.now() - started).toBeLessThan(PER_PAGE_MS);
  assertPositioned(parsed.diagnostics, "parse");
  assertPositioned(page.diagnostics ?? [], "plan");
  for (const b of parsed.blocks) expect(b.source.line).toBeGreaterThanOrEqual(1);
  if (page.error) {
    expect(page.error.line).toBeGreaterThanOrEqual(1);
    expect(page.error.message.length).toBeGreaterThan(0);
    for (const v of page.variants) expect(v.steps).toEqual([]);
  }
  for (const v of page.variants) for (const s of v.steps) expect(s.source.line).toBeGreaterThanOrEqual(1);
  // The plan is data: it must survive JSON (what `docval plan --json` prints).
  expect(() => JSON.stringify(page)).not.toThrow();
  return page;
}

describe("reading and planning arbitrary pages", () => {
  it("never throws on arbitrary bytes", () => {
    fc.assert(fc.property(bytes, (b) => void readAndPlan(b)), { numRuns: 200 });
  });

  it("never throws on arbitrary Unicode text", () => {
    fc.assert(fc.property(fullUnicode, (s) => void readAndPlan(s)), { numRuns: 200 });
  });

  it("never throws on pages built from front matter, Liquid and YAML fragments", () => {
    fc.assert(fc.property(fragmentText, (s) => void readAndPlan(s)), { numRuns: 300 });
  });

  it("never throws on arbitrary front matter", () => {
    fc.assert(fc.property(fc.oneof(fragmentText, fullUnicode), (fm) => void readAndPlan(`---\n${fm}\n---\n\nbody\n`)), { numRuns: 200 });
  });

  it("never throws on arbitrary validation and entity_examples bodies, and places body errors inside the block", () => {
    const tags = fc.constantFrom("validation request-check", "validation rate-limit-check", "validation custom-command", "entity_examples", "control_plane_request", "env_variables", "validation");
    fc.assert(
      fc.property(tags, fc.oneof(fragmentText, fullUnicode), (tag, body) => {
        const clean = body.replace(/\{%|%\}|\{\{|\}\}/g, "");
        const name = tag.split(" ")[0];
        const head = "---\ntitle: t\nproducts:\n  - gateway\n---\n\n";
        const page = readAndPlan(`${head}{% ${tag} %}\n${clean}\n{% end${name} %}\n`);
        const open = head.split("\n").length;
        const bodyLines = clean.split("\n").length;
        if (page.error?.code === "docs/block-yaml") {
          expect(page.error.line).toBeGreaterThanOrEqual(open + 1);
          expect(page.error.line).toBeLessThanOrEqual(open + bodyLines);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseYaml on arbitrary text", () => {
  it("returns a value or an error whose line is inside the text", () => {
    fc.assert(
      fc.property(fc.oneof(fragmentText, fullUnicode), (text) => {
        const r = parseYaml(text);
        if (r.error) {
          expect(r.error.line).toBeGreaterThanOrEqual(1);
          expect(r.error.line).toBeLessThanOrEqual(text.split("\n").length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("bounds alias expansion whatever the fan-out", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }), (width, depth) => {
        const lines = [`l0: &l0 [${Array(width).fill('"x"').join(",")}]`];
        for (let i = 1; i < depth; i++) lines.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(",")}]`);
        const r = parseYaml(lines.join("\n"));
        if (r.value !== undefined) expect(JSON.stringify(r.value).length).toBeLessThan(5_000_000);
        else expect(r.error?.message).toMatch(/alias/);
      }),
      { numRuns: 100 },
    );
  });
});
