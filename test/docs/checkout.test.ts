import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openCheckout } from "../../src/docs/checkout.js";
import { loadConfig } from "../../src/docs/config.js";
import { PROJECT_ROOT } from "../helpers/corpus.js";

const DEMO = resolve(PROJECT_ROOT, "fixtures/demo-docs");

describe("openCheckout", () => {
  it("finds the root from a page file and lists that page only", () => {
    const page = join(DEMO, "app/_how-tos/gateway/rate-limit-a-route.md");
    const r = openCheckout([page], { cwd: PROJECT_ROOT });
    expect(r.checkout?.root).toBe(DEMO);
    expect(r.pageFiles).toEqual(["app/_how-tos/gateway/rate-limit-a-route.md"]);
  });

  it("lists every page, sorted, for the root or a folder", () => {
    const all = openCheckout(["fixtures/demo-docs"], { cwd: PROJECT_ROOT });
    expect(all.pageFiles.length).toBe(5);
    expect([...all.pageFiles].sort()).toEqual(all.pageFiles);
    const folder = openCheckout([join(DEMO, "app/_how-tos/gateway")], { cwd: PROJECT_ROOT });
    expect(folder.pageFiles).toEqual(all.pageFiles);
  });

  it("exposes jekyll.yml and lazily loaded data as site", () => {
    const r = openCheckout([DEMO], { cwd: PROJECT_ROOT });
    const site = r.checkout!.site as { base_gateway: string; data: Record<string, Record<string, { validations: unknown[] }>> };
    expect(site.base_gateway).toBe("Kong Gateway");
    expect(site.data["how-tos"].config.validations).toHaveLength(2);
  });

  it("reports missing paths and folders without a checkout as usage errors", () => {
    expect(openCheckout(["nope"], { cwd: PROJECT_ROOT }).diagnostics[0]).toMatchObject({ kind: "usage", code: "docs/path-not-found" });
    const empty = mkdtempSync(join(tmpdir(), "docval-nock-"));
    const r = openCheckout([empty], { cwd: empty });
    expect(r.checkout).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ kind: "usage", code: "docs/no-checkout" });
  });

  it("takes the layout from a config file found at the root", () => {
    const root = mkdtempSync(join(tmpdir(), "docval-cfg-"));
    mkdirSync(join(root, "docs/howto"), { recursive: true });
    writeFileSync(join(root, "docval.config.yaml"), "layout:\n  pages: docs/howto\nproducts: [gateway]\n");
    writeFileSync(join(root, "docs/howto/a.md"), "---\ntitle: A\nproducts: [gateway]\n---\n");
    const r = openCheckout([], { cwd: root });
    expect(r.checkout?.layout.pages).toBe("docs/howto");
    expect(r.checkout?.configFile).toBe(join(root, "docval.config.yaml"));
    expect(r.pageFiles).toEqual(["docs/howto/a.md"]);
  });

  it("loadConfig reports a malformed config with its line", () => {
    const dir = mkdtempSync(join(tmpdir(), "docval-badcfg-"));
    const f = join(dir, "docval.config.yaml");
    writeFileSync(f, "products: [gateway\n");
    const r = loadConfig(f);
    expect(r.diagnostics[0]).toMatchObject({ kind: "config", code: "docs/config-parse" });
    expect(r.diagnostics[0].source?.line).toBe(1);
  });

  it("loadConfig checks the values of each section, at the line of the key", () => {
    const dir = mkdtempSync(join(tmpdir(), "docval-cfgvals-"));
    const f = join(dir, "docval.config.yaml");
    writeFileSync(f, ["products: [gateway]", "public:", "  - DEMO", "lint:", "  rules:", "    body-without-method: warning", "    curly-quotes: loud", "run:", "  workers: 0", "  wokers: 2", "colour: red", ""].join("\n"));
    const r = loadConfig(f);
    const got = r.diagnostics.map((d) => `${d.source?.line} ${d.severity ?? "error"} ${d.message}`);
    expect(got).toEqual([
      "11 warning unknown config key 'colour'",
      "7 error lint.rules.curly-quotes must be off, warn or error, got \"loud\"",
      "9 error run.workers must be a whole number ≥ 1, got 0",
      "10 warning unknown key run.wokers",
    ]);
    // "warning" is read as "warn"; the bad values are dropped
    expect(r.config.lint?.rules).toEqual({ "body-without-method": "warn" });
    expect(r.config.run).toEqual({ wokers: 2 });
  });
});
