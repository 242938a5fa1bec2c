/**
 * What a relation picker shows for the records it holds (decision 0035): their titles, never their
 * raw ids. Titles come from the loaded record's `display`, the choices page's `titles`, or the
 * picker's titles request; until one arrives the picker shows a loading placeholder.
 */

/** A record answer's `display`: titles by relation (`"subform.column"` for subform columns) and id. */
export type RelationDisplay = Readonly<Record<string, Readonly<Record<string, string | null>>>>;

/**
 * The `display` entries of a subform's relation columns, keyed by column id as the cells' pickers
 * look them up (the answer keys them `"<subform>.<column>"`, all rows' links together).
 */
export function columnDisplay(display: RelationDisplay | undefined, subformId: string): RelationDisplay {
  const prefix = `${subformId}.`;
  const out: Record<string, Readonly<Record<string, string | null>>> = {};
  for (const [key, titles] of Object.entries(display ?? {}))
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = titles;
  return out;
}

/** Labels by record id from titles a server named: a record the reader may not see reads `noAccess`. */
export function titleLabels(
  titles: Readonly<Record<string, string | null>> | undefined,
  noAccess: string,
): Record<string, string> {
  return Object.fromEntries(Object.entries(titles ?? {}).map(([id, title]) => [id, title ?? noAccess]));
}

/**
 * The picker's options: the current choices page, then each held record it does not list, by its
 * known label or `loading` while its title is on its way (a select shows an option-less value as
 * the raw value, so every held id gets an option).
 */
export function pickerOptions(
  choices: readonly { value: string; label: string }[],
  selected: readonly string[],
  labels: Readonly<Record<string, string>>,
  loading: string,
): { value: string; label: string }[] {
  const listed = new Set(choices.map((o) => o.value));
  return [
    ...choices,
    ...selected.filter((id) => !listed.has(id)).map((id) => ({ value: id, label: labels[id] ?? loading })),
  ];
}
