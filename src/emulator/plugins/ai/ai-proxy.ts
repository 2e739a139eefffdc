/** ai-proxy (priority 770): one LLM target; the request is validated, translated and sent to the provider. */
import type { EmulatedPlugin } from "../types.js";
import type { AiProxyConf } from "./conf.js";
import { prepareCall } from "./prepare.js";
import { applyToCtx, finishReply, routeRemainder } from "./proxy-ctx.js";
import { isReply } from "./request-check.js";
import { resolveTemplates } from "./template.js";

export const aiProxy: EmulatedPlugin<AiProxyConf> = {
  name: "ai-proxy",
  priority: 770,
  fidelity: "partial",
  gaps: [
    "streaming: the answer is re-emitted as SSE in two chunks (content, finish) plus [DONE], not token by token",
    "realtime and video route types",
    "llama2 raw format",
    "cloud token exchanges (Azure Entra ID, GCP OAuth) are minted locally, not fetched",
    "logging/statistics fields of log plugins",
  ],
  access(ctx, conf) {
    const t = resolveTemplates(conf, ctx);
    if (t.route_type.startsWith("realtime/") || t.route_type.startsWith("video/")) ctx.unemulated.add("ai-proxy");
    const call = prepareCall(t, { method: ctx.request.method, headers: ctx.request.headers, body: ctx.request.body, remainder: routeRemainder(ctx) }, {
      llmFormat: t.llm_format, responseStreaming: t.response_streaming, now: ctx.now(),
    });
    if (isReply(call)) return call;
    applyToCtx(ctx, "ai-proxy", call);
  },
  response(ctx, conf, reply) {
    return finishReply(ctx, reply, conf.model_name_header);
  },
};
