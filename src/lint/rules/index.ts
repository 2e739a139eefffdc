/** Every lint rule, in the order findings are reported for a page. Adding a rule is one file and one line here. */
import type { Rule } from "../rule.js";
import blockRequiredKey from "./block-required-key.js";
import blockUnknownKey from "./block-unknown-key.js";
import blockYaml from "./block-yaml.js";
import bodyWithoutMethod from "./body-without-method.js";
import curlyQuotes from "./curly-quotes.js";
import deckDoublePrefix from "./deck-double-prefix.js";
import deckSingleQuote from "./deck-single-quote.js";
import deckUnknownCollection from "./deck-unknown-collection.js";
import deckUnknownReference from "./deck-unknown-reference.js";
import envNotExported from "./env-not-exported.js";
import frontmatterRequired from "./frontmatter-required.js";
import headerFormat from "./header-format.js";
import includeMissing from "./include-missing.js";
import minVersionString from "./min-version-string.js";
import navtabConsistency from "./navtab-consistency.js";
import pageRead from "./page-read.js";
import pluginConfig from "./plugin-config.js";
import pluginScope from "./plugin-scope.js";
import pluginUnknown from "./plugin-unknown.js";
import prereqEntityMissing from "./prereq-entity-missing.js";
import undeclaredVariable from "./undeclared-variable.js";
import unknownProduct from "./unknown-product.js";
import unusedVariable from "./unused-variable.js";
import validationType from "./validation-type.js";

export const RULES: readonly Rule[] = [
  blockRequiredKey,
  blockUnknownKey,
  blockYaml,
  bodyWithoutMethod,
  curlyQuotes,
  deckDoublePrefix,
  deckSingleQuote,
  deckUnknownCollection,
  deckUnknownReference,
  envNotExported,
  frontmatterRequired,
  headerFormat,
  includeMissing,
  minVersionString,
  navtabConsistency,
  pageRead,
  pluginConfig,
  pluginScope,
  pluginUnknown,
  prereqEntityMissing,
  undeclaredVariable,
  unknownProduct,
  unusedVariable,
  validationType,
];
