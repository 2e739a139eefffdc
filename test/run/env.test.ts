import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/core/redact.js";
import { aliases, parseDotenv, resolveDeckRefs, VariantEnv } from "../../src/run/env.js";

function env(over: Partial<ConstructorParameters<typeof VariantEnv>[0]> = {}) {
  const redactor = new Redactor();
  return { redactor, env: new VariantEnv({ envFile: {}, process: {}, public: new Set(), redactor, ...over }) };
}

describe("env chain", () => {
  it("tries DECK_X, then X, then TESTS_X", () => {
    expect(aliases("DECK_XAI_API_KEY")).toEqual(["DECK_XAI_API_KEY", "XAI_API_KEY", "TESTS_XAI_API_KEY"]);
    expect(aliases("XAI_API_KEY")).toEqual(["DECK_XAI_API_KEY", "XAI_API_KEY", "TESTS_XAI_API_KEY"]);
    expect(env({ process: { TESTS_XAI_API_KEY: "from-tests" } }).env.get("DECK_XAI_API_KEY")).toBe("from-tests");
    expect(env({ process: { XAI_API_KEY: "plain", TESTS_XAI_API_KEY: "tests" } }).env.get("DECK_XAI_API_KEY")).toBe("plain");
    expect(env({ process: { DECK_XAI_API_KEY: "deck", XAI_API_KEY: "plain" } }).env.get("XAI_API_KEY")).toBe("deck");
  });

  it("captured values beat env_variables, which beat --env-file, which beats the process env", () => {
    const { env: e } = env({ envFile: { TOKEN: "file" }, process: { TOKEN: "proc" } });
    expect(e.get("TOKEN")).toBe("file");
    e.setPageVar("TOKEN", "page");
    expect(e.get("TOKEN")).toBe("page");
    e.capture("TOKEN", "captured");
    expect(e.get("TOKEN")).toBe("captured");
  });

  it("registers every value it hands out as a secret, except public names", () => {
    const { env: e, redactor } = env({ process: { SECRET_KEY: "s3cr3t-value", REGION: "eu-west-1" }, public: new Set(["REGION"]) });
    e.get("SECRET_KEY");
    e.get("REGION");
    expect(redactor.redact("key=s3cr3t-value region=eu-west-1")).toBe("key=[redacted:SECRET_KEY] region=eu-west-1");
  });

  it("falls back to placeholders only when given them, and records which were used", () => {
    const { env: e } = env({ placeholder: (n) => (n.endsWith("XAI_API_KEY") ? "xai-placeholder-000000000000000000000" : undefined) });
    expect(e.get("DECK_XAI_API_KEY")).toBe("xai-placeholder-000000000000000000000");
    expect([...e.placeholders]).toEqual(["DECK_XAI_API_KEY"]);
    expect(e.get("OTHER")).toBeUndefined();
  });

  it("resolves decK env references and lists the missing ones", () => {
    const { env: e } = env({ process: { XAI_API_KEY: "k-123456" } });
    const r = resolveDeckRefs({ plugins: [{ config: { auth: { header_value: 'Bearer ${{ env "DECK_XAI_API_KEY" }}' }, other: '${{ env "DECK_NOPE" }}' } }] }, e);
    expect(r.missing).toEqual(["DECK_NOPE"]);
    expect(JSON.stringify(r.value)).toContain("Bearer k-123456");
  });

  it("parses dotenv files", () => {
    expect(parseDotenv('# c\nA=1\nexport B="two words"\nC=\'x y\'\nD=plain # note\n\nbad line\n')).toEqual({ A: "1", B: "two words", C: "x y", D: "plain" });
  });
});
