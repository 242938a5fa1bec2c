import {
  ApartmentOutlined,
  CalendarOutlined,
  DeleteOutlined,
  FilterOutlined,
  PlusOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Checkbox, Dropdown, Input, Select, Space, Tooltip, Typography } from 'antd';
import type { AppDefinition, FilterWidget } from '@tangram/schema';
import { widgetForm } from '@tangram/schema';
import { pickText } from '@tangram/runtime';
import type { ReactNode } from 'react';
import type { DashboardCommand } from './dashboard-commands';
import { useEditor, useEditorStore } from './editor-context';
import { filterFieldChoices, linkableWidgets, type FilterType } from './filter-commands';
import { useEditorTexts } from './texts';

const NO_FILTERS: FilterWidget[] = [];
const FILTER_TYPES: FilterType[] = ['dateRange', 'select', 'member', 'department'];

const ICONS = {
  dateRange: <CalendarOutlined />,
  select: <UnorderedListOutlined />,
  member: <UserOutlined />,
  department: <ApartmentOutlined />,
} satisfies Record<FilterType, ReactNode>;

const SYSTEM_LABELS = {
  zh: {
    createdAt: '提交时间',
    updatedAt: '更新时间',
    createdBy: '提交人',
    updatedBy: '更新人',
    ownerId: '负责人',
  },
  en: {
    createdAt: 'Created at',
    updatedAt: 'Updated at',
    createdBy: 'Created by',
    updatedBy: 'Updated by',
    ownerId: 'Owner',
  },
} as const;

/** The label of a filter's field: the form field's label or the system column's name. */
export function filterFieldLabel(app: AppDefinition, form: string, field: string, lang: string): string {
  const f = app.forms.find((x) => x.id === form)?.fields.find((x) => x.id === field);
  if (f) return pickText(f.label, lang);
  const system: Record<string, string> = lang.startsWith('en') ? SYSTEM_LABELS.en : SYSTEM_LABELS.zh;
  return system[field] ?? field;
}

/**
 * The filter bar above the canvas: one chip per filter widget (click to configure it on the
 * right), and "Add filter" with the four filter types. A new filter stands on the form of the
 * selected widget (else the app's first form).
 */
export function FiltersBar({
  app,
  dispatch,
}: {
  app: AppDefinition;
  dispatch: (c: DashboardCommand) => void;
}) {
  const store = useEditorStore();
  const { tx, lang } = useEditorTexts();
  const filters = useEditor((s) => s.dashboard.filters) ?? NO_FILTERS;
  const selectedId = useEditor((s) => s.selected);
  const selectedForm = useEditor((s) => {
    const w = s.dashboard.widgets.find((x) => x.id === s.selected);
    return w ? widgetForm(w) : undefined;
  });
  const form = selectedForm ?? app.forms[0]?.id;
  return (
    <div className="tg-dbe-filters" data-testid="dashboard-filters" onClick={(e) => e.stopPropagation()}>
      <Typography.Text type="secondary" className="tg-dbe-filters-title">
        <FilterOutlined /> {tx.filters}
      </Typography.Text>
      {filters.map((f) => (
        <button
          key={f.id}
          type="button"
          className={`tg-dbe-filter-chip${f.id === selectedId ? ' tg-dbe-filter-on' : ''}`}
          onClick={() => store.getState().select(f.id)}
          data-testid={`filter-chip-${f.id}`}
        >
          {ICONS[f.type]}
          <span>{f.label ? pickText(f.label, lang) : filterFieldLabel(app, f.form, f.field, lang)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 11 }}>
            {tx.filterLinked.replace('{{count}}', String(f.widgets.length))}
          </Typography.Text>
        </button>
      ))}
      <Dropdown
        trigger={['click']}
        disabled={!form}
        menu={{
          items: FILTER_TYPES.map((type) => ({ key: type, icon: ICONS[type], label: tx.filterTypes[type] })),
          onClick: ({ key }) => form && dispatch({ kind: 'addFilter', type: key as FilterType, form }),
        }}
      >
        <Button size="small" type="dashed" icon={<PlusOutlined />} data-testid="add-filter">
          {tx.addFilter}
        </Button>
      </Dropdown>
    </div>
  );
}

/** The properties of one filter widget: type, form and field, label, and the widgets it filters. */
export function FilterProperties({
  filter,
  app,
  dispatch,
}: {
  filter: FilterWidget;
  app: AppDefinition;
  dispatch: (c: DashboardCommand) => void;
}) {
  const { tx, lang } = useEditorTexts();
  const widgets = useEditor((s) => s.dashboard.widgets);
  const dashboard = useEditor((s) => s.dashboard);
  const langKey = lang.startsWith('en') ? 'en' : 'zh-CN';
  const linkable = new Set(linkableWidgets(dashboard, app, filter.form, filter.field));
  const formChoices = app.forms.filter((f) => filterFieldChoices(f, filter.type).length > 0);
  const fieldChoices = filterFieldChoices(
    app.forms.find((f) => f.id === filter.form),
    filter.type,
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="filter-props">
      <Typography.Text strong>{tx.filter}</Typography.Text>
      <div>
        <Typography.Text type="secondary">{tx.filterType}</Typography.Text>
        <Select
          value={filter.type}
          style={{ width: '100%' }}
          options={FILTER_TYPES.map((t) => ({ value: t, label: tx.filterTypes[t] }))}
          onChange={(type: FilterType) => dispatch({ kind: 'setFilterType', id: filter.id, type })}
          data-testid="filter-type"
        />
      </div>
      <div>
        <Typography.Text type="secondary">{tx.form}</Typography.Text>
        <Select
          value={filter.form}
          style={{ width: '100%' }}
          options={formChoices.map((f) => ({ value: f.id, label: pickText(f.name, lang) }))}
          onChange={(form: string) => {
            const first = filterFieldChoices(
              app.forms.find((f) => f.id === form),
              filter.type,
            )[0];
            if (first) dispatch({ kind: 'setFilterSource', id: filter.id, form, field: first.id });
          }}
          data-testid="filter-form"
        />
      </div>
      <div>
        <Typography.Text type="secondary">{tx.filterField}</Typography.Text>
        <Select
          value={filter.field}
          style={{ width: '100%' }}
          options={fieldChoices.map((c) => ({
            value: c.id,
            label: filterFieldLabel(app, filter.form, c.id, lang),
          }))}
          onChange={(field: string) =>
            dispatch({ kind: 'setFilterSource', id: filter.id, form: filter.form, field })
          }
          data-testid="filter-field"
        />
      </div>
      <div>
        <Typography.Text type="secondary">{tx.filterLabel}</Typography.Text>
        <Input
          value={filter.label ? pickText(filter.label, lang) : ''}
          placeholder={filterFieldLabel(app, filter.form, filter.field, lang)}
          onChange={(e) =>
            dispatch({
              kind: 'setFilterLabel',
              id: filter.id,
              label: e.target.value ? { ...filter.label, [langKey]: e.target.value } : undefined,
            })
          }
          data-testid="filter-label"
        />
      </div>
      <div className="tg-dbe-links">
        <Typography.Text type="secondary">{tx.linkedWidgets}</Typography.Text>
        {widgets.filter((w) => w.type !== 'text').length === 0 ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {tx.noWidgetsToLink}
          </Typography.Text>
        ) : null}
        {widgets
          .filter((w) => w.type !== 'text')
          .map((w) => {
            const can = linkable.has(w.id);
            const box = (
              <Checkbox
                key={w.id}
                checked={filter.widgets.includes(w.id)}
                disabled={!can && !filter.widgets.includes(w.id)}
                onChange={(e) =>
                  dispatch({ kind: 'linkFilter', id: filter.id, widget: w.id, linked: e.target.checked })
                }
                data-testid={`filter-link-${w.id}`}
              >
                {w.title
                  ? pickText(w.title, lang)
                  : `${tx.types[w.type as keyof typeof tx.types] ?? w.type} · ${w.id}`}
              </Checkbox>
            );
            return can ? (
              box
            ) : (
              <Tooltip key={w.id} title={tx.notLinkable}>
                <span>{box}</span>
              </Tooltip>
            );
          })}
      </div>
      <Button
        danger
        icon={<DeleteOutlined />}
        onClick={() => dispatch({ kind: 'removeFilter', id: filter.id })}
        data-testid="remove-filter"
      >
        {tx.removeFilter}
      </Button>
    </Space>
  );
}
