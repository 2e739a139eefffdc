import { describe, expect, it } from "vitest";
import { deckEnvName, deckEnvNames, substituteVariables, readVariables } from "../../src/deck/env-refs.js";
import { entityExamplesToDeck } from "../../src/deck/to-deck.js";

const SRC = { file: "p.md", line: 3 };

describe("entity_examples → decK", () => {
  it("wraps entities with _format_version and turns declared ${var} into DECK_ env references", () => {
    const r = entityExamplesToDeck(
      {
        entities: { plugins: [{ name: "ai-proxy", config: { auth: { header_value: "Bearer ${xai_api_key}" } } }] },
        variables: { xai_api_key: { value: "$XAI_API_KEY" } },
      },
      SRC,
    );
    expect(r.config).toEqual({
      _format_version: "3.0",
      plugins: [{ name: "ai-proxy", config: { auth: { header_value: 'Bearer ${{ env "DECK_XAI_API_KEY" }}' } } }],
    });
    expect(r.diagnostics).toEqual([]);
  });

  it("handles hyphenated names, literal_block values and the DECK_DECK_ double prefix", () => {
    const r = entityExamplesToDeck(
      {
        entities: { plugins: [{ config: { client_id: ["${client-id}"], json: "${sa}", host: "${redis}" } }] },
        variables: { "client-id": { value: "$CLIENT_ID" }, sa: { value: "$SA_JSON", literal_block: true }, redis: { value: "$DECK_REDIS_HOST" } },
      },
      SRC,
    );
    const cfg = (r.config as unknown as { plugins: { config: Record<string, unknown> }[] }).plugins[0].config;
    expect(cfg.client_id).toEqual(['${{ env "DECK_CLIENT_ID" }}']);
    expect(cfg.json).toBe('${{ env "DECK_SA_JSON" }}');
    expect(cfg.host).toBe('${{ env "DECK_DECK_REDIS_HOST" }}');
    expect(deckEnvNames(r.config)).toEqual(["DECK_CLIENT_ID", "DECK_DECK_REDIS_HOST", "DECK_SA_JSON"]);
  });

  it("leaves undeclared references verbatim and reports them", () => {
    const r = entityExamplesToDeck({ entities: { plugins: [{ config: { salt: "${salt-token}" } }] } }, SRC);
    expect((r.config as unknown as { plugins: { config: { salt: string } }[] }).plugins[0].config.salt).toBe("${salt-token}");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["deck/undeclared-variable"]);
    expect(r.diagnostics[0].source).toEqual(SRC);
  });

  it("keeps deck_flags and reports a block without entities", () => {
    expect(entityExamplesToDeck({ entities: { plugins: [] }, deck_flags: ["--include-plugin-definitions"] }, SRC).deckFlags).toEqual([
      "--include-plugin-definitions",
    ]);
    const bad = entityExamplesToDeck({ variables: {} }, SRC);
    expect(bad.config).toBeUndefined();
    expect(bad.diagnostics[0].code).toBe("deck/no-entities");
  });

  it("warns when formats is not exactly [deck]", () => {
    const r = entityExamplesToDeck({ entities: {}, formats: ["deck", "admin-api"] }, SRC);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["deck/formats"]);
  });

  it("substitutes raw values for Admin API bodies", () => {
    const { vars } = readVariables({ hook: { value: "$WEBHOOK_URL" } });
    expect(substituteVariables({ url: "${hook}" }, vars, "raw").value).toEqual({ url: "$WEBHOOK_URL" });
    expect(deckEnvName("$X")).toBe("DECK_X");
  });
});
