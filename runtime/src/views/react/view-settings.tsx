import { InputNumber, Segmented, Select, Typography } from 'antd';
import { useStore } from 'zustand';
import type { FormDefinition, ViewKind } from '@tangram/client';
import { roleFields, VIEW_KINDS, type FieldRole } from '../core/view-kinds';
import { columnFields, systemColumns, type KindState, type ViewStore } from '../core/view-store';
import { fieldLabel } from './filter-builder';
import { useKindTexts } from './kind-texts';
import { fill, useViewTexts } from './texts';

/** Settings a kind starts with when chosen: the first field that fits its main role. */
export function defaultSettings(
  form: FormDefinition,
  kind: ViewKind,
  current: KindState,
): Partial<KindState> {
  if (kind === 'kanban' && !current.kanban) {
    const group = roleFields(form, 'group')[0];
    return group ? { kanban: { groupField: group } } : {};
  }
  if (kind === 'calendar' && !current.calendar) {
    const date = roleFields(form, 'date')[0];
    return date ? { calendar: { dateField: date } } : {};
  }
  if (kind === 'gantt' && !current.gantt) {
    // A bar needs two different date fields; the system dates are a last resort.
    const [start, end] = roleFields(form, 'date');
    const progress = roleFields(form, 'progress')[0];
    const dependency = roleFields(form, 'dependency')[0];
    return start && end
      ? {
          gantt: {
            startField: start,
            endField: end,
            ...(progress ? { progressField: progress } : {}),
            ...(dependency ? { dependencyField: dependency } : {}),
          },
        }
      : {};
  }
  if (kind === 'gallery' && !current.gallery) {
    const cover = roleFields(form, 'cover')[0];
    return { gallery: cover ? { coverField: cover } : {} };
  }
  return {};
}

/** The kind switch of the view switcher: choosing a kind applies it (with starting settings). */
export function KindPicker({ form, store }: { form: FormDefinition; store: ViewStore }) {
  const { kx } = useKindTexts();
  const state = useStore(store);
  return (
    <Segmented<ViewKind>
      block
      aria-label={kx.viewKind}
      data-testid="view-kind"
      value={state.kind}
      onChange={(kind) => state.setKind({ kind, ...defaultSettings(form, kind, state) })}
      options={VIEW_KINDS.map((k) => ({ value: k, label: kx.kind[k] }))}
    />
  );
}

/**
 * The settings of the current kind: which fields group, date, colour, sum, cover and fill cards.
 * `errors` are the server's refusals keyed by the setting's path under the config
 * (`kanban/groupField`, as in `/config/kanban/groupField`): each is shown under its control (the
 * studio's view editor, decision 0056).
 */
export function KindSettingsPanel({
  form,
  store,
  errors,
}: {
  form: FormDefinition;
  store: ViewStore;
  errors?: Readonly<Record<string, string>>;
}) {
  const { kx, lang } = useKindTexts();
  const { tx } = useViewTexts();
  const state = useStore(store);
  const label = (ref: string) => fieldLabel(form, ref, lang, tx);
  const options = (role: FieldRole) =>
    roleFields(form, role).map((ref) => ({ value: ref, label: label(ref) }));
  const cardOptions = [...columnFields(form).map((f) => f.id), ...systemColumns(form)].map((ref) => ({
    value: ref,
    label: label(ref),
  }));
  const none = { value: '', label: kx.none };
  // Which setting a row edits, by its test id: where a refusal of that setting is shown.
  const pathOf: Record<string, string> = {
    'kset-group': 'kanban/groupField',
    'kset-sum': 'kanban/sumField',
    'kset-cards': `${state.kind}/cardFields`,
    'kset-date': 'calendar/dateField',
    'kset-end': 'calendar/endField',
    'kset-title': `${state.kind}/titleField`,
    'kset-color': `${state.kind}/colorField`,
    'kset-grid-group': 'grid/groupField',
    'kset-grid-sums': 'grid/sumFields',
    'kset-grid-frozen': 'grid/frozenColumns',
    'kset-grid-height': 'grid/rowHeight',
    'kset-start': 'gantt/startField',
    'kset-gantt-end': 'gantt/endField',
    'kset-progress': 'gantt/progressField',
    'kset-dependency': 'gantt/dependencyField',
    'kset-cover': 'gallery/coverField',
  };
  const row = (title: string, control: React.ReactNode, testId: string) => {
    const path = pathOf[testId];
    const error = path ? errors?.[path] : undefined;
    return (
      <div className="tg-kset-row" data-testid={testId}>
        <Typography.Text type="secondary">{title}</Typography.Text>
        {control}
        {error ? (
          <Typography.Text type="danger" role="alert" data-testid="kset-error">
            {error}
          </Typography.Text>
        ) : null}
      </div>
    );
  };
  const missing = (what: string) => (
    <Typography.Text type="warning">{fill(kx.noFieldsFor, { what })}</Typography.Text>
  );

  if (state.kind === 'kanban') {
    const k = state.kanban;
    const groups = options('group');
    if (!groups.length) return missing(kx.groupField);
    return (
      <div className="tg-kset">
        {row(
          kx.groupField,
          <Select
            aria-label={kx.groupField}
            value={k?.groupField}
            options={groups}
            onChange={(groupField: string) => state.setKind({ kanban: { ...k, groupField, collapsed: [] } })}
          />,
          'kset-group',
        )}
        {row(
          kx.sumField,
          <Select
            aria-label={kx.sumField}
            value={k?.sumField ?? ''}
            options={[none, ...options('sum')]}
            onChange={(v: string) => {
              if (!k) return;
              const { sumField: _drop, ...rest } = k;
              state.setKind({ kanban: v ? { ...rest, sumField: v } : rest });
            }}
          />,
          'kset-sum',
        )}
        {row(
          kx.cardFields,
          <Select
            mode="multiple"
            aria-label={kx.cardFields}
            value={k?.cardFields ?? []}
            options={cardOptions}
            maxCount={20}
            onChange={(cardFields: string[]) => k && state.setKind({ kanban: { ...k, cardFields } })}
          />,
          'kset-cards',
        )}
      </div>
    );
  }
  if (state.kind === 'calendar') {
    const c = state.calendar;
    const dates = options('date');
    if (!dates.length) return missing(kx.dateField);
    const optional = (key: 'endField' | 'titleField' | 'colorField', v: string) => {
      if (!c) return;
      const { [key]: _drop, ...rest } = c;
      state.setKind({ calendar: v ? { ...rest, [key]: v } : rest });
    };
    return (
      <div className="tg-kset">
        {row(
          kx.dateField,
          <Select
            aria-label={kx.dateField}
            value={c?.dateField}
            options={dates}
            onChange={(dateField: string) => state.setKind({ calendar: { ...c, dateField } })}
          />,
          'kset-date',
        )}
        {row(
          kx.endField,
          <Select
            aria-label={kx.endField}
            value={c?.endField ?? ''}
            options={[none, ...dates.filter((d) => d.value !== c?.dateField)]}
            onChange={(v: string) => optional('endField', v)}
          />,
          'kset-end',
        )}
        {row(
          kx.titleField,
          <Select
            aria-label={kx.titleField}
            value={c?.titleField ?? ''}
            options={[none, ...cardOptions]}
            onChange={(v: string) => optional('titleField', v)}
          />,
          'kset-title',
        )}
        {row(
          kx.colorField,
          <Select
            aria-label={kx.colorField}
            value={c?.colorField ?? ''}
            options={[none, ...options('color')]}
            onChange={(v: string) => optional('colorField', v)}
          />,
          'kset-color',
        )}
      </div>
    );
  }
  if (state.kind === 'grid') {
    const g = state.grid ?? {};
    const setGrid = (patch: Partial<typeof g>) => {
      const next: Record<string, unknown> = { ...g, ...patch };
      for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
      state.setKind({ grid: next });
    };
    const groups = options('group');
    return (
      <div className="tg-kset">
        {row(
          kx.groupBy,
          <Select
            aria-label={kx.groupBy}
            value={g.groupField ?? ''}
            options={[none, ...groups]}
            onChange={(v: string) =>
              setGrid(
                v
                  ? { groupField: v, collapsed: [] }
                  : { groupField: undefined, sumFields: undefined, collapsed: undefined },
              )
            }
          />,
          'kset-grid-group',
        )}
        {g.groupField
          ? row(
              kx.groupSums,
              <Select
                mode="multiple"
                aria-label={kx.groupSums}
                value={g.sumFields ?? []}
                options={options('sum')}
                maxCount={5}
                onChange={(sumFields: string[]) =>
                  setGrid({ sumFields: sumFields.length ? sumFields : undefined })
                }
              />,
              'kset-grid-sums',
            )
          : null}
        {row(
          kx.frozenColumns,
          <InputNumber
            aria-label={kx.frozenColumns}
            min={0}
            max={5}
            precision={0}
            value={g.frozenColumns ?? 0}
            onChange={(v) => setGrid({ frozenColumns: v ? v : undefined })}
          />,
          'kset-grid-frozen',
        )}
        {row(
          kx.rowHeight,
          <Segmented<'compact' | 'medium' | 'tall'>
            value={g.rowHeight ?? 'medium'}
            onChange={(v) => setGrid({ rowHeight: v === 'medium' ? undefined : v })}
            options={(['compact', 'medium', 'tall'] as const).map((v) => ({
              value: v,
              label: kx.rowHeights[v],
            }))}
          />,
          'kset-grid-height',
        )}
      </div>
    );
  }
  if (state.kind === 'gantt') {
    const g = state.gantt;
    const dates = options('date');
    if (dates.length < 2) return missing(`${kx.startField} / ${kx.ganttEndField}`);
    const set = (key: 'startField' | 'endField', v: string) => {
      const [first, second] = dates.filter((d) => d.value !== v).map((d) => d.value);
      const other = key === 'startField' ? 'endField' : 'startField';
      const keep = g?.[other] && g[other] !== v ? g[other] : (first ?? second ?? '');
      state.setKind({ gantt: { ...g, [key]: v, [other]: keep } as NonNullable<typeof g> });
    };
    const optional = (key: 'progressField' | 'dependencyField' | 'titleField' | 'colorField', v: string) => {
      if (!g) return;
      const { [key]: _drop, ...rest } = g;
      state.setKind({ gantt: v ? { ...rest, [key]: v } : rest });
    };
    const pick = (
      key: 'progressField' | 'dependencyField' | 'titleField' | 'colorField',
      title: string,
      opts: { value: string; label: string }[],
      testId: string,
    ) =>
      row(
        title,
        <Select
          aria-label={title}
          value={g?.[key] ?? ''}
          options={[none, ...opts]}
          onChange={(v: string) => optional(key, v)}
        />,
        testId,
      );
    return (
      <div className="tg-kset">
        {row(
          kx.startField,
          <Select
            aria-label={kx.startField}
            value={g?.startField}
            options={dates}
            onChange={(v: string) => set('startField', v)}
          />,
          'kset-start',
        )}
        {row(
          kx.ganttEndField,
          <Select
            aria-label={kx.ganttEndField}
            value={g?.endField}
            options={dates.filter((d) => d.value !== g?.startField)}
            onChange={(v: string) => set('endField', v)}
          />,
          'kset-gantt-end',
        )}
        {pick('progressField', kx.progressField, options('progress'), 'kset-progress')}
        {pick('dependencyField', kx.dependencyField, options('dependency'), 'kset-dependency')}
        {pick('titleField', kx.titleField, cardOptions, 'kset-title')}
        {pick('colorField', kx.colorField, options('color'), 'kset-color')}
      </div>
    );
  }
  if (state.kind === 'gallery') {
    const g = state.gallery ?? {};
    return (
      <div className="tg-kset">
        {row(
          kx.coverField,
          <Select
            aria-label={kx.coverField}
            value={g.coverField ?? ''}
            options={[none, ...options('cover')]}
            onChange={(v: string) => {
              const { coverField: _drop, ...rest } = g;
              state.setKind({ gallery: v ? { ...rest, coverField: v } : rest });
            }}
          />,
          'kset-cover',
        )}
        {row(
          kx.cardFields,
          <Select
            mode="multiple"
            aria-label={kx.cardFields}
            value={g.cardFields ?? []}
            options={cardOptions}
            maxCount={20}
            onChange={(cardFields: string[]) => state.setKind({ gallery: { ...g, cardFields } })}
          />,
          'kset-cards',
        )}
      </div>
    );
  }
  return null;
}
