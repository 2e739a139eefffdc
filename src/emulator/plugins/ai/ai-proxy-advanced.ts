/** ai-proxy-advanced (priority 770): several targets, chosen per request by the balancer, then proxied like ai-proxy. */
import type { EmulatedPlugin } from "../types.js";
import { header } from "../util.js";
import { finished, pick, started } from "./balancer.js";
import { parseJson, type AiProxyAdvancedConf } from "./conf.js";
import { aiError } from "./kong-error.js";
import { prepareCall } from "./prepare.js";
import { applyToCtx, finishReply, llmCall, routeRemainder } from "./proxy-ctx.js";
import { isReply } from "./request-check.js";
import { resolveTemplates } from "./template.js";

export const aiProxyAdvanced: EmulatedPlugin<AiProxyAdvancedConf> = {
  name: "ai-proxy-advanced",
  priority: 770,
  fidelity: "partial",
  gaps: [
    "semantic balancing (needs embeddings and a vector database): the first target answers and the plugin is reported unemulated",
    "retries and failover to the next target on upstream errors; circuit breaker (max_fails)",
    "streaming: the answer is re-emitted as SSE in two chunks, not token by token",
  ],
  access(ctx, conf, plugin) {
    const targets = (conf.targets ?? []).map((t) => resolveTemplates(t, ctx));
    if (targets.length === 0) return aiError(500, "no targets configured");
    const algorithm = conf.balancer?.algorithm ?? "round-robin";
    const asked = parseJson(ctx.request.body)?.model;
    let candidates = targets.map((t, index) => ({ index, weight: t.weight ?? 100 }));
    if (typeof asked === "string") {
      const byAlias = candidates.filter((c) => targets[c.index].model.model_alias === asked);
      const byName = candidates.filter((c) => targets[c.index].model.name === asked);
      if (byAlias.length > 0) candidates = byAlias;
      else if (byName.length > 0) candidates = byName;
    }
    let index: number;
    if (algorithm === "semantic") {
      ctx.unemulated.add("ai-proxy-advanced");
      index = candidates[0].index;
    } else {
      index = pick({ store: ctx.pluginState ?? ctx.shared, pluginId: plugin.id, algorithm, candidates, hashValue: header(ctx.request.headers, conf.balancer?.hash_on_header ?? "X-Kong-LLM-Request-ID") });
    }
    const t = targets[index];
    const call = prepareCall(t, { method: ctx.request.method, headers: ctx.request.headers, body: ctx.request.body, remainder: routeRemainder(ctx) }, {
      llmFormat: conf.llm_format, responseStreaming: conf.response_streaming, alias: t.model.model_alias, now: ctx.now(),
    });
    if (isReply(call)) return call;
    applyToCtx(ctx, "ai-proxy-advanced", call, index);
    started(ctx.pluginState ?? ctx.shared, plugin.id, index);
  },
  response(ctx, conf, reply, plugin) {
    const state = llmCall(ctx);
    const out = finishReply(ctx, reply, conf.model_name_header);
    if (state?.targetIndex !== undefined) {
      const usage = parseJson(out.body)?.usage as Record<string, unknown> | undefined;
      const strategy = conf.balancer?.tokens_count_strategy ?? "total-tokens";
      const key = strategy === "prompt-tokens" ? "prompt_tokens" : strategy === "completion-tokens" ? "completion_tokens" : "total_tokens";
      const tokens = typeof usage?.[key] === "number" ? (usage[key] as number) : 0;
      finished(ctx.pluginState ?? ctx.shared, plugin.id, state.targetIndex, ctx.now() - state.startedAt, tokens);
    }
    return out;
  },
};
