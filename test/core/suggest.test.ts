import { describe, expect, it } from "vitest";
import { closest, didYouMean } from "../../src/core/suggest.js";

describe("did-you-mean", () => {
  it("finds a close candidate, counting a swap of neighbours as one edit", () => {
    expect(closest("lnit", ["run", "plan", "list", "lint"])).toBe("lint");
    expect(closest("status_cod", ["status_code", "url", "headers"])).toBe("status_code");
    expect(didYouMean("jsno", ["json", "junit", "html"])).toBe("did you mean 'json'?");
  });
  it("says nothing when nothing is close", () => {
    expect(closest("frobnicate", ["run", "plan", "list", "lint"])).toBeUndefined();
  });
});
