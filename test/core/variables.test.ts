import { describe, expect, it } from "vitest";
import { deckEnvName, pageVarRefs } from "../../src/core/variables.js";
import { isPageVariable } from "../../src/schemas/references.js";

describe("page variables (one syntax for planner, linter and schema checks)", () => {
  it("names may hold hyphens and dots, and the decK env name doubles a DECK_ prefix as the site does", () => {
    expect([..."a ${client-id} b ${a.b} ${{ env \"X\" }}".matchAll(pageVarRefs())].map((m) => m[1])).toEqual(["client-id", "a.b"]);
    expect(isPageVariable("${a.b}")).toBe(true);
    expect(deckEnvName("$XAI_API_KEY")).toBe("DECK_XAI_API_KEY");
    expect(deckEnvName("$DECK_REDIS_HOST")).toBe("DECK_DECK_REDIS_HOST");
  });
});
