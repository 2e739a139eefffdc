/**
 * Values that stand for something resolved later, so a schema cannot judge them: decK env references
 * (`${{ env "DECK_X" }}`), vault references (`{vault://backend/key}`), and a page's own `${var}` variables
 * (which the page turns into decK env references).
 */

import { PAGE_VAR_NAME } from "../core/variables.js";

const ENV_REF = /^\$\{\{\s*env\s+"[A-Za-z0-9_]+"\s*\}\}$/;
const VAULT_REF = /^\{vault:\/\/[^}]+\}$/;
const PAGE_VAR = new RegExp(`^\\$\\{${PAGE_VAR_NAME}\\}$`);

export function isEnvReference(v: string): boolean {
  return ENV_REF.test(v.trim());
}

export function isVaultReference(v: string): boolean {
  return VAULT_REF.test(v.trim());
}

export function isPageVariable(v: string): boolean {
  return PAGE_VAR.test(v.trim());
}
