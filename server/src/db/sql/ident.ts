const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The one place that turns a name into a SQL identifier. Column and table names cannot be sent as
 * parameters, so they are allow-listed: after lower-casing (NFKC-normalised) the name must match
 * `^[a-z_][a-z0-9_]{0,62}$`; anything else throws. The result is always double-quoted.
 */
export function quoteIdent(name: string): string {
  if (typeof name !== 'string') throw new TypeError('identifier must be a string');
  const normal = name.normalize('NFKC').toLowerCase();
  if (!IDENT.test(normal)) throw new Error(`invalid SQL identifier: ${JSON.stringify(name.slice(0, 80))}`);
  return `"${normal}"`;
}
