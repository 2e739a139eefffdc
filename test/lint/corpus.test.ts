/**
 * Lint over the shared Kong docs corpus, pinned per page. Every finding below was checked by hand against the
 * page and the plugin schemas (see the comments); every other page must come out clean.
 */
import { describe, expect, it } from "vitest";
import { openCheckout } from "../../src/docs/checkout.js";
import { lintPages } from "../../src/lint/index.js";
import { CORPUS, HAS_CORPUS } from "../helpers/corpus.js";

const EXPECTED: Record<string, string[]> = {
  // Two request-checks POST a body without `method` or `status_code`; a plugin prompt holds an unescaped
  // apostrophe inside the page's echo '…' (the reference lists it; the page is automated_tests: false).
  "app/_how-tos/ai-gateway/compress-llm-prompts.md": [
    "327 block-required-key", "379 block-required-key", "332 body-without-method", "384 body-without-method", "372 deck-single-quote",
  ],
  // min_version 3.6, but ai-proxy-advanced exists from 3.8 (absent from the 3.7 schemas).
  "app/_how-tos/ai-gateway/set-up-ai-proxy-advanced-with-gemini.md": ["95 plugin-unknown"],
  // Variables read DECK_GCP_PROJECT_ID / DECK_GCP_LOCATION_ID; the page uses them but never says to export them.
  "app/_how-tos/ai-gateway/use-ai-gcp-model-armor-plugin.md": ["200 env-not-exported", "203 env-not-exported"],
  // Three chat requests with a body and no method.
  "app/_how-tos/ai-gateway/use-ai-prompt-decorator-plugin.md": ["148 body-without-method", "164 body-without-method", "180 body-without-method"],
  // The third tab's header is written with curly quotes: ‘Content-Type:application/json’.
  "app/_how-tos/ai-gateway/use-ai-prompt-guard-plugin.md": ["170 curly-quotes"],
  // min_version 3.6: ai-proxy-advanced from 3.8, ai-rag-injector from 3.10.
  "app/_how-tos/ai-gateway/use-ai-rag-injector-plugin.md": ["80 plugin-unknown", "105 plugin-unknown"],
  // min_version 3.6, but limit/window_size are written as lists, a shape the 3.7 schema types as a number.
  "app/_how-tos/ai-gateway/use-custom-function-for-ai-rate-limiting.md": ["110 plugin-config", "113 plugin-config"],
  // Requests send $OPENAI_API_KEY; the openai prereq card exports DECK_OPENAI_API_KEY only.
  "app/_how-tos/mcp/secure-mcp-traffic.md": ["155 env-not-exported"],
};

describe.skipIf(!HAS_CORPUS)("docval lint on the shared corpus", () => {
  // Collected even when skipped: read the corpus only when it is there.
  const opened = HAS_CORPUS ? openCheckout([CORPUS], { cwd: CORPUS }) : { checkout: undefined, pageFiles: [] };
  const result = opened.checkout ? lintPages(opened.checkout, opened.pageFiles) : { findings: [], diagnostics: [] };

  it("runs without rule failures", () => {
    expect(opened.pageFiles.length).toBe(51);
    expect(result.diagnostics).toEqual([]);
  });

  it("finds exactly the pinned findings, page by page, and nothing on the other pages", () => {
    const got: Record<string, string[]> = {};
    for (const f of result.findings) (got[f.file] ??= []).push(`${f.line} ${f.rule}`);
    const sort = (r: Record<string, string[]>) => Object.fromEntries(Object.entries(r).sort().map(([k, v]) => [k, [...v].sort()]));
    expect(sort(got)).toEqual(sort(EXPECTED));
  });

  it("says how to fix the curly-quoted header", () => {
    const f = result.findings.find((x) => x.rule === "curly-quotes");
    expect(f?.message).toContain("‘Content-Type:application/json’");
    expect(f?.hint).toContain("straight quotes");
  });
});
