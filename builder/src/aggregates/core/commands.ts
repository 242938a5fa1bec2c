/**
 * The aggregate designer's commands: pure functions from an app definition to the next one, one
 * handler per command type (a table, not a switch). The store turns each change into undo/redo
 * patches. The format is packages/schema/schemas/aggregate.schema.json and what it means is
 * docs/decisions/0028-aggregate-tables.md; what the schema cannot say (fields of the right kind)
 * is checked by the server on save, and the pickers here only offer fitting fields.
 *
 * Commands keep the definition coherent where a change makes parts of it meaningless: removing a
 * key or measure drops its mappings, postings and rules; changing a key's type or form, or a
 * source's form or subform, drops the mappings that named fields of the old choice.
 */
import type {
  AggregateDefinition,
  AggregateKey,
  AggregateMeasure,
  AggregatePosting,
  AggregateRule,
  AggregateSource,
  AggregateValueRef,
  AppDefinition,
  Filter,
  I18NText,
} from '@tangram/schema';

/** The limits of aggregate.schema.json, so a command never builds what the server refuses by size. */
export const AGGREGATE_LIMITS = { keys: 5, measures: 10, sources: 20, rules: 20 } as const;

export type KeyPatch = Partial<Pick<AggregateKey, 'label' | 'type' | 'form'>>;
export type MeasurePatch = Partial<Pick<AggregateMeasure, 'label' | 'decimals'>>;
export type RulePatch = Partial<AggregateRule>;

export type AggregateCommand =
  | { type: 'addAggregate'; name: I18NText; measureLabel: I18NText }
  | { type: 'renameAggregate'; aggregateId: string; name: I18NText }
  | { type: 'removeAggregate'; aggregateId: string }
  | { type: 'addKey'; aggregateId: string; label: I18NText; form?: string }
  | { type: 'updateKey'; aggregateId: string; keyId: string; patch: KeyPatch }
  | { type: 'removeKey'; aggregateId: string; keyId: string }
  | { type: 'addMeasure'; aggregateId: string; label: I18NText }
  | { type: 'updateMeasure'; aggregateId: string; measureId: string; patch: MeasurePatch }
  | { type: 'removeMeasure'; aggregateId: string; measureId: string }
  | { type: 'addSource'; aggregateId: string; form: string }
  | { type: 'setSourceForm'; aggregateId: string; sourceId: string; form: string }
  | { type: 'setSourceSubform'; aggregateId: string; sourceId: string; subform: string | null }
  | { type: 'mapKey'; aggregateId: string; sourceId: string; keyId: string; ref: AggregateValueRef | null }
  | {
      type: 'setPosting';
      aggregateId: string;
      sourceId: string;
      measureId: string;
      posting: AggregatePosting | null;
    }
  | { type: 'setWhen'; aggregateId: string; sourceId: string; when: Filter | null }
  | { type: 'removeSource'; aggregateId: string; sourceId: string }
  | { type: 'addRule'; aggregateId: string; measureId: string }
  | { type: 'updateRule'; aggregateId: string; index: number; patch: RulePatch }
  | { type: 'removeRule'; aggregateId: string; index: number };

export type AggregateCommandType = AggregateCommand['type'];

export type AggregateCommandErrorCode =
  | 'unknown_aggregate'
  | 'unknown_key'
  | 'unknown_measure'
  | 'unknown_source'
  | 'unknown_rule'
  | 'unknown_form'
  | 'too_many'
  | 'bad_value';

/** A command that cannot apply: the store reports it and nothing changes. */
export class AggregateCommandError extends Error {
  constructor(
    readonly code: AggregateCommandErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Handler<T extends AggregateCommandType> = (
  app: AppDefinition,
  cmd: Extract<AggregateCommand, { type: T }>,
) => AppDefinition;

const NONE: AggregateDefinition[] = [];

/** The app's aggregates (one shared empty list when it has none, so selectors stay stable). */
export const aggregatesOf = (app: AppDefinition): AggregateDefinition[] => app.aggregates ?? NONE;

/** An id none of `taken` is: `<prefix>_<n>`, counting from the list's size. */
export function nextId(prefix: string, taken: Iterable<string>): string {
  const ids = new Set(taken);
  let n = ids.size + 1;
  while (ids.has(`${prefix}_${n}`)) n++;
  return `${prefix}_${n}`;
}

function aggregateOf(app: AppDefinition, aggregateId: string): AggregateDefinition {
  const agg = aggregatesOf(app).find((a) => a.id === aggregateId);
  if (!agg) throw new AggregateCommandError('unknown_aggregate', `no aggregate ${aggregateId}`);
  return agg;
}

function withAggregates(app: AppDefinition, aggregates: AggregateDefinition[]): AppDefinition {
  const { aggregates: _drop, ...rest } = app;
  return aggregates.length ? { ...rest, aggregates } : rest;
}

function update(
  app: AppDefinition,
  aggregateId: string,
  change: (agg: AggregateDefinition) => AggregateDefinition,
): AppDefinition {
  const agg = aggregateOf(app, aggregateId);
  return withAggregates(
    app,
    aggregatesOf(app).map((a) => (a === agg ? change(a) : a)),
  );
}

function limit(count: number, max: number, what: string) {
  if (count >= max) throw new AggregateCommandError('too_many', `an aggregate has at most ${max} ${what}`);
}

function formExists(app: AppDefinition, formId: string) {
  if (!app.forms.some((f) => f.id === formId))
    throw new AggregateCommandError('unknown_form', `no form ${formId}`);
}

function keyOf(agg: AggregateDefinition, keyId: string): AggregateKey {
  const key = agg.keys.find((k) => k.id === keyId);
  if (!key) throw new AggregateCommandError('unknown_key', `aggregate ${agg.id} has no key ${keyId}`);
  return key;
}

function measureOf(agg: AggregateDefinition, measureId: string): AggregateMeasure {
  const measure = agg.measures.find((m) => m.id === measureId);
  if (!measure)
    throw new AggregateCommandError('unknown_measure', `aggregate ${agg.id} has no measure ${measureId}`);
  return measure;
}

function updateSource(
  agg: AggregateDefinition,
  sourceId: string,
  change: (s: AggregateSource) => AggregateSource,
): AggregateDefinition {
  if (!agg.sources.some((s) => s.id === sourceId))
    throw new AggregateCommandError('unknown_source', `aggregate ${agg.id} has no source ${sourceId}`);
  return { ...agg, sources: agg.sources.map((s) => (s.id === sourceId ? change(s) : s)) };
}

/** A map without one entry (a new object; the input is never changed). */
function without<V>(map: Record<string, V>, id: string): Record<string, V> {
  const { [id]: _drop, ...rest } = map;
  return rest;
}

/** Every source with key `keyId`'s mapping dropped. */
const dropKeyMappings = (agg: AggregateDefinition, keyId: string): AggregateSource[] =>
  agg.sources.map((s) => ({ ...s, keys: without(s.keys, keyId) }));

/** Keeps only record-level references (a source that lost its subform has no lines). */
function recordRefsOnly(source: AggregateSource): AggregateSource {
  const keys = Object.fromEntries(Object.entries(source.keys).filter(([, r]) => r?.from === 'record'));
  const measures = Object.fromEntries(
    Object.entries(source.measures).filter(([, p]) => p && (!('field' in p) || p.from === 'record')),
  );
  return { ...source, keys, measures };
}

function checkNumber(value: number, min: number, max: number, what: string) {
  if (!Number.isFinite(value) || value < min || value > max)
    throw new AggregateCommandError('bad_value', `${what} must be a number from ${min} to ${max}`);
}

// --- the handler table --------------------------------------------------------------------------

const handlers: { [T in AggregateCommandType]: Handler<T> } = {
  addAggregate(app, { name, measureLabel }) {
    const list = aggregatesOf(app);
    const agg: AggregateDefinition = {
      id: nextId(
        'aggregate',
        list.map((a) => a.id),
      ),
      name,
      keys: [],
      // A measure to start with: nearly every aggregate counts a quantity.
      measures: [{ id: 'qty', label: measureLabel, decimals: 0 }],
      sources: [],
    };
    // Its balances page joins the player's navigation. An app without navigation lists every
    // form; that implicit list is written out first so adding the link hides no form.
    const nav = app.navigation?.length
      ? app.navigation
      : app.forms.map((f) => ({ kind: 'form' as const, target: f.id }));
    return {
      ...withAggregates(app, [...list, agg]),
      navigation: [...nav, { kind: 'aggregate', target: agg.id }],
    };
  },
  renameAggregate: (app, { aggregateId, name }) => update(app, aggregateId, (a) => ({ ...a, name })),
  removeAggregate(app, { aggregateId }) {
    aggregateOf(app, aggregateId);
    const next = withAggregates(
      app,
      aggregatesOf(app).filter((a) => a.id !== aggregateId),
    );
    // Its navigation entries would point nowhere (the definition check refuses them).
    if (!next.navigation) return next;
    const gone = (l: { kind: string; target: string }) => l.kind === 'aggregate' && l.target === aggregateId;
    return {
      ...next,
      navigation: next.navigation
        .map((item) =>
          item.kind === 'group' ? { ...item, items: item.items.filter((l) => !gone(l)) } : item,
        )
        .filter((item) => item.kind === 'group' || !gone(item)),
    };
  },
  addKey(app, { aggregateId, label, form }) {
    if (form !== undefined) formExists(app, form);
    return update(app, aggregateId, (a) => {
      limit(a.keys.length, AGGREGATE_LIMITS.keys, 'keys');
      const key: AggregateKey = {
        id: nextId(
          'key',
          a.keys.map((k) => k.id),
        ),
        label,
        ...(form === undefined ? { type: 'text' as const } : { type: 'record' as const, form }),
      };
      return { ...a, keys: [...a.keys, key] };
    });
  },
  updateKey(app, { aggregateId, keyId, patch }) {
    if (patch.form !== undefined) formExists(app, patch.form);
    return update(app, aggregateId, (a) => {
      const key = keyOf(a, keyId);
      const type = patch.type ?? key.type;
      const form = type === 'text' ? undefined : (patch.form ?? key.form ?? app.forms[0]?.id);
      const next: AggregateKey = { id: key.id, label: patch.label ?? key.label, type };
      if (form !== undefined) next.form = form;
      // Another kind of value: the fields mapped for the old one no longer fit.
      const remap = next.type !== key.type || next.form !== key.form;
      return {
        ...a,
        keys: a.keys.map((k) => (k.id === keyId ? next : k)),
        sources: remap ? dropKeyMappings(a, keyId) : a.sources,
      };
    });
  },
  removeKey: (app, { aggregateId, keyId }) =>
    update(app, aggregateId, (a) => {
      keyOf(a, keyId);
      return { ...a, keys: a.keys.filter((k) => k.id !== keyId), sources: dropKeyMappings(a, keyId) };
    }),
  addMeasure: (app, { aggregateId, label }) =>
    update(app, aggregateId, (a) => {
      limit(a.measures.length, AGGREGATE_LIMITS.measures, 'measures');
      const id = nextId(
        'measure',
        a.measures.map((m) => m.id),
      );
      return { ...a, measures: [...a.measures, { id, label, decimals: 0 }] };
    }),
  updateMeasure(app, { aggregateId, measureId, patch }) {
    if (patch.decimals !== undefined) {
      checkNumber(patch.decimals, 0, 10, 'decimals');
      if (!Number.isInteger(patch.decimals))
        throw new AggregateCommandError('bad_value', 'decimals must be a whole number');
    }
    return update(app, aggregateId, (a) => {
      measureOf(a, measureId);
      return { ...a, measures: a.measures.map((m) => (m.id === measureId ? { ...m, ...patch } : m)) };
    });
  },
  removeMeasure: (app, { aggregateId, measureId }) =>
    update(app, aggregateId, (a) => {
      measureOf(a, measureId);
      const rules = (a.rules ?? []).filter((r) => r.measure !== measureId);
      const { rules: _drop, ...rest } = a;
      return {
        ...rest,
        measures: a.measures.filter((m) => m.id !== measureId),
        sources: a.sources.map((s) => ({ ...s, measures: without(s.measures, measureId) })),
        ...(rules.length ? { rules } : {}),
      };
    }),
  addSource(app, { aggregateId, form }) {
    formExists(app, form);
    return update(app, aggregateId, (a) => {
      limit(a.sources.length, AGGREGATE_LIMITS.sources, 'sources');
      const id = nextId(
        'source',
        a.sources.map((s) => s.id),
      );
      return { ...a, sources: [...a.sources, { id, form, keys: {}, measures: {} }] };
    });
  },
  setSourceForm(app, { aggregateId, sourceId, form }) {
    formExists(app, form);
    // Fields, subform and condition all named the old form: start the source over (same id).
    return update(app, aggregateId, (a) =>
      updateSource(a, sourceId, (s) => (s.form === form ? s : { id: s.id, form, keys: {}, measures: {} })),
    );
  },
  setSourceSubform: (app, { aggregateId, sourceId, subform }) =>
    update(app, aggregateId, (a) =>
      updateSource(a, sourceId, (s) => {
        if ((s.subform ?? null) === subform) return s;
        // Line references named the old subform's columns; record-level ones stay valid.
        const { subform: _drop, ...rest } = recordRefsOnly(s);
        return subform === null ? rest : { ...rest, subform };
      }),
    ),
  mapKey: (app, { aggregateId, sourceId, keyId, ref }) =>
    update(app, aggregateId, (a) => {
      keyOf(a, keyId);
      return updateSource(a, sourceId, (s) => ({
        ...s,
        keys: ref === null ? without(s.keys, keyId) : { ...s.keys, [keyId]: ref },
      }));
    }),
  setPosting(app, { aggregateId, sourceId, measureId, posting }) {
    if (posting && 'constant' in posting) checkNumber(posting.constant, -1e9, 1e9, 'the constant');
    return update(app, aggregateId, (a) => {
      measureOf(a, measureId);
      return updateSource(a, sourceId, (s) => ({
        ...s,
        measures: posting === null ? without(s.measures, measureId) : { ...s.measures, [measureId]: posting },
      }));
    });
  },
  setWhen: (app, { aggregateId, sourceId, when }) =>
    update(app, aggregateId, (a) =>
      updateSource(a, sourceId, (s) => {
        const { when: _drop, ...rest } = s;
        return when === null ? rest : { ...rest, when };
      }),
    ),
  removeSource: (app, { aggregateId, sourceId }) =>
    update(app, aggregateId, (a) => {
      if (!a.sources.some((s) => s.id === sourceId))
        throw new AggregateCommandError('unknown_source', `aggregate ${a.id} has no source ${sourceId}`);
      return { ...a, sources: a.sources.filter((s) => s.id !== sourceId) };
    }),
  addRule: (app, { aggregateId, measureId }) =>
    update(app, aggregateId, (a) => {
      measureOf(a, measureId);
      const rules = a.rules ?? [];
      limit(rules.length, AGGREGATE_LIMITS.rules, 'rules');
      // The rule nearly everyone wants first: never below zero.
      return { ...a, rules: [...rules, { measure: measureId, op: '>=', value: 0 }] };
    }),
  updateRule(app, { aggregateId, index, patch }) {
    if (patch.value !== undefined) checkNumber(patch.value, -1e12, 1e12, 'the rule value');
    return update(app, aggregateId, (a) => {
      const rules = a.rules ?? [];
      const rule = rules[index];
      if (!rule) throw new AggregateCommandError('unknown_rule', `aggregate ${a.id} has no rule ${index}`);
      if (patch.measure !== undefined) measureOf(a, patch.measure);
      const next: AggregateRule = { ...rule, ...patch };
      // An empty message in both languages means "the default message".
      if (next.message && !next.message.en && !next.message['zh-CN']) delete next.message;
      return { ...a, rules: rules.map((r, i) => (i === index ? next : r)) };
    });
  },
  removeRule: (app, { aggregateId, index }) =>
    update(app, aggregateId, (a) => {
      const rules = a.rules ?? [];
      if (!rules[index])
        throw new AggregateCommandError('unknown_rule', `aggregate ${a.id} has no rule ${index}`);
      const { rules: _drop, ...rest } = a;
      const left = rules.filter((_, i) => i !== index);
      return left.length ? { ...rest, rules: left } : rest;
    }),
};

/** Applies one command; throws AggregateCommandError when what it names does not exist or is out of range. */
export function applyAggregateCommand(app: AppDefinition, cmd: AggregateCommand): AppDefinition {
  const handler = handlers[cmd.type] as Handler<AggregateCommandType>;
  return handler(app, cmd as never);
}
