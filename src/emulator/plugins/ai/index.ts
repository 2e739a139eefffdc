/** The AI Gateway plugins (ai-proxy, ai-proxy-advanced, ai-prompt-*, …), registered by plugins/index.ts. */
import type { EmulatedPlugin } from "../types.js";
import { aiProxyAdvanced } from "./ai-proxy-advanced.js";
import { aiProxy } from "./ai-proxy.js";
import { aiPromptDecorator } from "./prompt-decorator.js";
import { aiPromptGuard } from "./prompt-guard.js";
import { aiPromptTemplate } from "./prompt-template.js";
import { aiRateLimitingAdvanced } from "./rate-limiting.js";
import { aiRequestTransformer, aiResponseTransformer } from "./transformers.js";
import { UNEMULATED_AI_PLUGINS } from "./unemulated.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each plugin has its own config type
export const AI_PLUGINS: EmulatedPlugin<any>[] = [
  aiProxy,
  aiProxyAdvanced,
  aiPromptGuard,
  aiPromptDecorator,
  aiPromptTemplate,
  aiRequestTransformer,
  aiResponseTransformer,
  aiRateLimitingAdvanced,
  ...UNEMULATED_AI_PLUGINS,
];
