/**
 * A run's action results (decision 0029: `{ created: [{ formId, id, data }] }`, `{ updated }`,
 * `{ deleted }`, `{ notified }`, `{ webhook }`) as rows the test run and the run history show.
 * Pure; unknown keys are kept as "other" so nothing an action reported is hidden.
 */
export type WrittenVerb = 'created' | 'updated' | 'deleted';

export interface WrittenRecord {
  verb: WrittenVerb;
  formId: string;
  id: string;
  data: Record<string, unknown> | null;
}

export interface OutcomeView {
  records: WrittenRecord[];
  notified: string[];
  webhook: { url: string; method: string; body: string } | null;
  other: Record<string, unknown>;
}

const VERBS: readonly WrittenVerb[] = ['created', 'updated', 'deleted'];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function outcomeView(result: Record<string, unknown> | undefined): OutcomeView {
  const view: OutcomeView = { records: [], notified: [], webhook: null, other: {} };
  for (const [key, value] of Object.entries(result ?? {})) {
    if ((VERBS as readonly string[]).includes(key) && Array.isArray(value)) {
      for (const item of value)
        if (isObject(item))
          view.records.push({
            verb: key as WrittenVerb,
            formId: String(item.formId ?? ''),
            id: String(item.id ?? ''),
            data: isObject(item.data) ? item.data : null,
          });
    } else if (key === 'notified' && Array.isArray(value)) {
      view.notified = value.map(String);
    } else if (key === 'webhook' && isObject(value)) {
      view.webhook = {
        url: String(value.url ?? ''),
        method: String(value.method ?? 'POST'),
        body: String(value.body ?? ''),
      };
    } else {
      view.other[key] = value;
    }
  }
  return view;
}
