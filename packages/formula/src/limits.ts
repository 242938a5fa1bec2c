/**
 * Hard bounds on the work a formula may cause. Every limit fails with a clear error instead of
 * hanging a browser tab or a server worker.
 */
export const LIMITS = {
  /** Characters of formula text. */
  maxFormulaLength: 10_000,
  /** Nodes in one AST. */
  maxAstNodes: 5_000,
  /** Nesting depth of parentheses / operators / calls accepted by the parser. */
  maxDepth: 200,
  /** Evaluation steps (AST nodes visited plus array elements processed). */
  maxSteps: 1_000_000,
  /**
   * Characters of text per evaluation step: text passed to or returned by a function (or `&`)
   * costs its length over this, so one evaluation handles at most about 10 million characters.
   */
  textCharsPerStep: 10,
  /** Characters in any text value produced during evaluation (1 MB of UTF-16 units). */
  maxTextLength: 1_000_000,
  /** Elements in any array produced during evaluation. */
  maxArrayLength: 100_000,
} as const;
