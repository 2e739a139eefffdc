import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { VariantResult } from "../../src/core/results.js";
import { htmlReporter, toHtml } from "../../src/report/html.js";
import { runFromEvents } from "../../src/report/previous.js";
import { canaryRedactor, fixtureEvents, replayInto, tmp } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";

async function writeReport(dir: string): Promise<string> {
  const file = join(dir, "report", "index.html");
  await replayInto([htmlReporter({ dest: { kind: "file", path: file }, cwd: dir, sourceBaseUrl: "https://github.com/acme/docs/blob/main" })], fixtureEvents("all-verdicts.jsonl"));
  return file;
}

describe("html reporter", () => {
  it("writes one self-contained file: no external scripts, styles or fetches, data embedded safely", async () => {
    const html = readFileSync(await writeReport(tmp()), "utf8");
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/\bfetch\(|XMLHttpRequest|@import|url\(/);
    expect(html).toContain("default-src 'none'");
    // only the two real script elements close; the response body's </script> is escaped inside the JSON
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const json = /<script type="application\/json" id="docval-data">([\s\S]*?)<\/script>/.exec(html)![1];
    const data = JSON.parse(json) as { pages: { k: string; s: { exchange?: { response?: { bodyExcerpt: string } } }[] }[] };
    expect(data.pages).toHaveLength(10);
    const failed = data.pages.find((p) => p.k === "failed")!;
    expect(failed.s[1].exchange!.response!.bodyExcerpt).toContain("</script><script>alert(1)</script>");
  });

  it("stays small with 500 pages", () => {
    const run = runFromEvents(canaryRedactor().redactDeep(fixtureEvents("all-verdicts.jsonl")));
    const results: VariantResult[] = Array.from({ length: 500 }, (_, i) => {
      const r = run.results[i % run.results.length];
      return { ...r, page: { ...r.page, file: `app/_how-tos/page-${i}.md`, title: `${r.page.title} #${i}` } };
    });
    const html = toHtml({ ...run, results, summary: { ...run.summary, total: 500 } }, {});
    const perPage = Buffer.byteLength(html) / 500;
    expect(Buffer.byteLength(html)).toBeLessThan(2.5 * 1024 * 1024);
    expect(perPage).toBeLessThan(4096);
  });

  it.skipIf(!existsSync(CHROMIUM))("renders in headless Chromium: filter to failures, expand one, see expected vs actual", async () => {
    const dir = tmp("docval-html-");
    const file = await writeReport(dir);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector("details.row");
      expect(await page.locator(".card[data-verdict=all] .n").textContent()).toBe("10");
      expect(await page.locator(".card[data-verdict=failed] .n").textContent()).toBe("1");
      expect(await page.locator(".card[data-verdict=error] .n").textContent()).toBe("2");
      expect(await page.locator("details.row").count()).toBe(10);

      await page.click("button[data-filter=failures]");
      expect(await page.locator("details.row").count()).toBe(4);
      expect(await page.locator(".count").textContent()).toBe("Showing 4 of 10");

      const row = page.locator("details.row[data-verdict=failed]");
      await row.locator("summary").click();
      const body = row.locator(".body");
      await body.waitFor();
      expect(await row.locator("summary .title").innerText()).toContain("Protect a service with <Key Auth> & ACL");
      const ea = body.locator("table.ea").first();
      expect(await ea.isVisible()).toBe(true);
      const eaText = await ea.innerText();
      expect(eaText).toMatch(/status\s+200\s+401/);
      expect(eaText).toMatch(/message\s+OK\s+Unauthorized/);
      expect(await body.getByText("Request: POST http://localhost:8000/anything").isVisible()).toBe(true);
      const link = body.locator("a.src", { hasText: "validate-key-auth.md:42" }).first();
      expect(await link.getAttribute("href")).toBe("https://github.com/acme/docs/blob/main/app/_includes/how-tos/validate-key-auth.md#L42");
      expect(await body.getByText("OpenAI", { exact: true }).isVisible()).toBe(true);
      await page.screenshot({ path: join(dir, "failures.png"), fullPage: true });

      // search narrows further; the product filter applies too
      await page.fill("input[type=search]", "load balance");
      await expect.poll(() => page.locator("details.row").count()).toBe(1);
      await page.click("button[data-filter=failures]");
      await page.fill("input[type=search]", "");
      await page.selectOption("select", "ai-gateway");
      await expect.poll(() => page.locator("details.row").count()).toBe(1);
      expect(await page.locator("details.row summary .title").innerText()).toContain("Anthropic");

      expect(errors).toEqual([]);
      expect(requests.every((u) => u.startsWith("file:"))).toBe(true);
      expect(existsSync(join(dir, "failures.png"))).toBe(true);
      console.log(`screenshot: ${join(dir, "failures.png")}`);
    } finally {
      await browser.close();
    }
  });
});
