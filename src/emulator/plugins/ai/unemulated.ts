/**
 * AI plugins the embedded gateway accepts but cannot model (they need embeddings, a vector store,
 * or a cloud guardrail service). Traffic passes and the plugin is reported in `X-Docval-Unemulated`.
 */
import type { EmulatedPlugin } from "../types.js";

const NAMES: [string, number][] = [
  ["ai-semantic-cache", 765],
  ["ai-semantic-prompt-guard", 775],
  ["ai-semantic-response-guard", 782],
  ["ai-rag-injector", 778],
  ["ai-sanitizer", 776],
  ["ai-prompt-compressor", 769],
  ["ai-aws-guardrails", 781],
  ["ai-azure-content-safety", 774],
  ["ai-gcp-model-armor", 783],
  ["ai-lakera-guard", 784],
  ["ai-llm-as-judge", 767],
  ["ai-custom-guardrail", 785],
];

export const UNEMULATED_AI_PLUGINS: EmulatedPlugin[] = NAMES.map(([name, priority]) => ({
  name,
  priority,
  fidelity: "partial",
  gaps: ["not emulated: needs an embeddings model, a vector database or a cloud guardrail service"],
  access(ctx) {
    ctx.unemulated.add(name);
  },
}));
