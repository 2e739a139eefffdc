import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openCheckout, type Checkout } from "../../src/docs/checkout.js";
import { parsePage } from "../../src/docs/parse.js";
import { PROJECT_ROOT } from "../helpers/corpus.js";

const PAGES = resolve(PROJECT_ROOT, "fixtures/pages");
const EVERY = "app/_how-tos/constructs/everything.md";

function checkout(): Checkout {
  const r = openCheckout([PAGES], { cwd: PROJECT_ROOT });
  if (!r.checkout) throw new Error("fixture checkout did not open");
  return r.checkout;
}

describe("parsePage on the construct fixture", () => {
  const co = checkout();
  const page = parsePage(co, EVERY);
  const lineOf = (b: { source: { line: number } }) => b.source.line;

  it("reads front matter with YAML 1.1 and renders the title", () => {
    expect(page.fatal).toBeUndefined();
    expect(page.title).toBe("Every construct on Kong Gateway");
    expect(page.frontMatter.min_version).toEqual({ gateway: "3.10" });
    const yaml11 = parsePage(co, "app/_how-tos/constructs/default-variant.md");
    expect(yaml11.frontMatter.on_flag).toBe(true);
  });

  it("orders prereq cards: position before, entities, the rest; then body; then marked cleanup", () => {
    const tags = page.blocks.map((b) => `${b.section}:${b.tag}`);
    expect(tags.slice(0, 3)).toEqual(["prereqs:env_variables", "prereqs:prereq_entities", "prereqs:fence"]);
    expect(tags[tags.length - 1]).toBe("cleanup:fence");
  });

  it("gives front-matter blocks their file line", () => {
    const [env, entities, fence] = page.blocks;
    expect(lineOf(env)).toBe(21);
    expect(entities.source).toEqual({ file: EVERY, line: 35 });
    expect(fence.raw.trim()).toBe("echo install");
    expect(lineOf(fence)).toBe(31);
  });

  it("resolves prereq entities from the data folder", () => {
    const b = page.blocks.find((x) => x.tag === "prereq_entities");
    expect(b?.data).toEqual({
      _format_version: "3.0",
      services: [{ name: "example-service", url: "http://httpbin.konghq.com/anything" }],
      routes: [{ name: "example-route", paths: ["/anything"], service: { name: "example-service" }, protocols: ["http", "https"] }],
    });
  });

  it("finds blocks inside includes (static and dynamic paths) with the include's position and parameters", () => {
    const inc = page.blocks.filter((b) => b.source.file === "app/_includes/steps/check-echo.md");
    expect(inc.map((b) => (b.data as { url: string }).url)).toEqual(["/anything/one", "/anything/two"]);
    expect(inc.map((b) => (b.data as { status_code: number }).status_code)).toEqual([201, 200]);
    expect(inc[0].source.line).toBe(3);
    expect(page.includes).toContain("app/_includes/steps/check-echo.md");
  });

  it("keeps captured blocks where the capture is printed and drops unprinted captures", () => {
    const cpr = page.blocks.find((b) => b.tag === "control_plane_request");
    expect(cpr?.source.line).toBe(86);
    expect(page.blocks.some((b) => (b.data as { url?: string } | undefined)?.url === "/never-shown")).toBe(false);
  });

  it("labels blocks with their navtab titles, outermost first, rendering Liquid in titles", () => {
    const tabbed = page.blocks.filter((b) => b.tabs.length);
    expect(tabbed.map((b) => b.tabs)).toEqual([["First Konnect", "Inner"], ["Second"]]);
  });

  it("renders filters inside block bodies (base64)", () => {
    const b = page.blocks.find((x) => x.tabs[1] === "Inner");
    const expected = Buffer.from("kong:$SECRET").toString("base64");
    expect((b?.data as { headers: string[] }).headers[0]).toBe(`Authorization: Basic ${expected}`);
  });

  it("tracks topology from on_prem wrappers and IAL attributes", () => {
    const fences = page.blocks.filter((b) => b.tag === "fence" && b.section === "body");
    expect(fences.map((f) => [f.raw.trim(), f.topology])).toEqual([
      ["echo on-prem only", "on-prem"],
      ["echo konnect only", "konnect"],
    ]);
  });

  it("types validation blocks by the tag argument and keeps unknown ones", () => {
    const types = page.blocks.filter((b) => b.tag === "validation").map((b) => b.type);
    expect(types).toContain("grpc-check");
    expect(types).toContain("no-such-check");
    expect(types).toContain("custom-command");
  });

  it("tolerates presentation tags and .html includes", () => {
    expect(page.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("records export lines of prereq includes", () => {
    expect(page.exports).toEqual([{ name: "DECK_TOKEN", source: { file: "app/_includes/prereqs/token.md", line: 4 } }]);
  });
});

describe("parsePage on malformed pages", () => {
  const co = checkout();
  const err = (file: string) => {
    const p = parsePage(co, `app/_how-tos/malformed/${file}`);
    return p.fatal ?? p.diagnostics.find((d) => d.severity === "error");
  };

  it("reports bad front matter YAML with a file line", () => {
    const d = err("bad-front-matter.md");
    expect(d?.code).toBe("docs/front-matter-yaml");
    expect(d?.source?.line).toBeGreaterThanOrEqual(2);
  });

  it("reports an unclosed front matter", () => {
    expect(err("unclosed-front-matter.md")?.code).toBe("docs/front-matter-unclosed");
  });

  it("reports an unclosed tag at the opening tag's line", () => {
    const d = err("unclosed-tag.md");
    expect(d?.message).toMatch(/not closed/);
    expect(d?.source).toEqual({ file: "app/_how-tos/malformed/unclosed-tag.md", line: 10 });
  });

  it("reports a missing include where it is included", () => {
    const d = err("missing-include.md");
    expect(d?.code).toBe("docs/include");
    expect(d?.message).toContain("app/_includes/steps/not-there.md");
    expect(d?.source?.line).toBe(8);
  });

  it("reports block YAML errors at the body line", () => {
    const p = parsePage(co, "app/_how-tos/malformed/bad-block-yaml.md");
    const b = p.blocks[0];
    expect(b.data).toBeUndefined();
    expect(b.error?.code).toBe("docs/block-yaml");
    expect(b.error?.source?.line).toBeGreaterThanOrEqual(9);
  });

  it("names the missing prereq entity file", () => {
    const d = err("missing-entity.md");
    expect(d?.message).toContain("app/_data/entity_examples/gateway/services/no-such-service.yml");
  });

  it("never throws on a page that does not exist", () => {
    expect(parsePage(co, "app/_how-tos/nope.md").fatal?.code).toBe("docs/unreadable");
  });
});
