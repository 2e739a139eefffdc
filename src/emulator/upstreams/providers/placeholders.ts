/** Placeholder credentials the runner uses in embedded mode when a provider variable is unset. */
export { placeholderFor } from "./credentials.js";
