/** Picks the driver for a target: its provider, and the format options of the self-hosted ones. */
import type { TargetConf } from "../conf.js";
import { anthropicDriver } from "./anthropic.js";
import { bedrockDriver } from "./bedrock.js";
import { cohereDriver } from "./cohere.js";
import type { Driver } from "./driver.js";
import { geminiDriver } from "./gemini.js";
import { huggingfaceDriver } from "./huggingface.js";
import { ollamaDriver } from "./ollama.js";
import { openaiDriver } from "./openai.js";

export type { Driver } from "./driver.js";

/** The driver, or a message for formats the emulator does not translate (llama2 `raw`). */
export function driverFor(t: TargetConf): Driver | string {
  const o = t.model.options ?? {};
  switch (t.model.provider) {
    case "anthropic": return anthropicDriver;
    case "cohere": return cohereDriver;
    case "gemini": return geminiDriver;
    case "bedrock": return bedrockDriver;
    case "huggingface": return huggingfaceDriver;
    case "ollama": return ollamaDriver;
    case "mistral": return o.mistral_format === "ollama" ? ollamaDriver : openaiDriver;
    case "llama2":
      if (o.llama2_format === "ollama") return ollamaDriver;
      if (o.llama2_format === "raw") return "llama2_format 'raw' is not emulated";
      return openaiDriver;
    default: return openaiDriver;
  }
}
