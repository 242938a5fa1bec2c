import { fieldRegistry } from '@tangram/fields';
import { pickText, useClient } from '@tangram/runtime';
import type { Conversion } from '@tangram/client';
import type { FieldDefinition, FieldType, FormDefinition, LayoutRow } from '@tangram/schema';
import { Alert, Button, Empty, Form, Segmented, Select, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issuesByField } from '../issues';
import { FieldIcon } from '../palette/field-icons';
import { ConversionList } from '../save/data-loss';
import {
  containerIds,
  fieldIds,
  findField,
  newField,
  NOT_IN_SUBFORM,
  nextFieldId,
  type ContainerPatch,
  type FieldPatch,
} from '../store/commands';
import { CONTAINER_TITLES, nextContainerId } from '../dnd/containers';
import { selectForm, useEditor, useEditorStore } from '../store/context';
import { locate, rowsOf, spanOf, treeOf, type TreeItem } from '../store/layout';
import { CONFIG_EDITORS } from './config-editors';
import { I18nInput, Prop, SwitchProp } from './controls';
import { DefaultEditor } from './default-editor';
import { RulesPanel } from './rules-panel';

const NO_PLACEHOLDER: ReadonlySet<FieldType> = new Set<FieldType>([
  'boolean',
  'radio',
  'checkboxes',
  'subform',
  'serial',
  'formula',
  'description',
  'divider',
  'image',
  'attachment',
  'signature',
  'lookup',
]);
const NO_VALUE: ReadonlySet<FieldType> = new Set<FieldType>(['description', 'divider']);
const NO_DEFAULT: ReadonlySet<FieldType> = new Set<FieldType>([
  'subform',
  'serial',
  'formula',
  'lookup',
  'description',
  'divider',
  'image',
  'attachment',
  'signature',
]);

/** Width presets per number of fields in a row (spans out of 24). */
const ROW_PRESETS: Record<number, number[][]> = {
  2: [
    [12, 12],
    [8, 16],
    [16, 8],
    [6, 18],
    [18, 6],
  ],
  3: [
    [8, 8, 8],
    [6, 6, 12],
    [12, 6, 6],
    [6, 12, 6],
  ],
  4: [[6, 6, 6, 6]],
};

function RowWidths({ form, row, index }: { form: FormDefinition; row: LayoutRow; index: number }) {
  const { t } = useTranslation('designer');
  const store = useEditorStore();
  const presets = ROW_PRESETS[row.cells.length];
  if (!presets) return null;
  const current = row.cells.map((_, i) => spanOf(row, i)).join(':');
  const ratio = (spans: number[]) => {
    const g = spans.reduce((a, b) => (b ? gcd(a, b) : a));
    return spans.map((s) => s / g).join(':');
  };
  return (
    <Prop label={t('props.rowWidths', { count: row.cells.length })}>
      <Segmented
        size="small"
        block
        value={current}
        options={presets.map((p) => ({ value: p.join(':'), label: ratio(p) }))}
        onChange={(v) =>
          store.getState().dispatch({
            type: 'setLayoutRow',
            formId: form.id,
            row: index,
            spans: String(v).split(':').map(Number),
          })
        }
        data-testid="row-widths"
      />
    </Prop>
  );
}

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

function FieldPanel({
  form,
  field,
  parentId,
}: {
  form: FormDefinition;
  field: FieldDefinition;
  parentId?: string;
}) {
  const { t, i18n } = useTranslation('designer');
  const store = useEditorStore();
  const client = useClient();
  const app = useEditor((s) => s.app);
  const issues = useEditor((s) => s.issues);
  const savedApp = useEditor((s) => s.saved);
  const [conversions, setConversions] = useState<Conversion[] | null>(null);
  const lang = i18n.language;
  const spec = fieldRegistry.of(field);
  const problems = useMemo(
    () => issuesByField(app, form.id, issues).get(field.id) ?? [],
    [app, form.id, issues, field.id],
  );

  const update = (patch: FieldPatch, key?: string) =>
    store
      .getState()
      .dispatch(
        { type: 'updateField', formId: form.id, fieldId: field.id, patch },
        { coalesceKey: key && `${field.id}.${key}` },
      );
  const setConfig = (patch: Record<string, unknown>, key?: string) => {
    const merged = Object.fromEntries(
      Object.entries({ ...(field.config ?? {}), ...patch }).filter(([, v]) => v !== undefined),
    );
    update({ config: merged }, key && `config.${key}`);
  };
  const changeType = async (type: FieldType) => {
    store
      .getState()
      .dispatch({ type: 'changeFieldType', formId: form.id, fieldId: field.id, fieldType: type });
    setConversions(null);
    const existed = savedApp.forms.find((f) => f.id === form.id);
    if (!existed || !findField(existed, field.id)) return;
    // A type change of a stored field: ask the server which values would not convert.
    try {
      const result = await client.apps.previewChange(app.id, store.getState().app);
      setConversions(result.conversions.filter((c) => c.fieldId === field.id && c.failingCount > 0));
    } catch {
      setConversions(null);
    }
  };
  const addColumn = (type: FieldType) => {
    const s = store.getState();
    const id = nextFieldId(selectForm(s), type);
    if (
      s.dispatch({
        type: 'addSubformColumn',
        formId: form.id,
        subformId: field.id,
        field: newField(type, id),
      }).ok
    )
      s.select(id);
  };
  const rows = rowsOf(form);
  const where = parentId ? null : locate(rows, field.id);
  const row = where ? rows[where.row] : undefined;
  const typeChoices = fieldRegistry.types.filter((ty) => !parentId || !NOT_IN_SUBFORM.has(ty));
  const ConfigEditor = CONFIG_EDITORS[field.type];

  return (
    <Form
      layout="vertical"
      size="middle"
      className="tg-dz-props"
      data-testid="field-props"
      onSubmitCapture={(e) => e.preventDefault()}
    >
      <div className="tg-dz-props-head">
        <span className="tg-dz-type-icon">
          <FieldIcon type={field.type} />
        </span>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Select
            variant="borderless"
            size="small"
            value={field.type}
            popupMatchSelectWidth={200}
            options={typeChoices.map((ty) => ({
              value: ty,
              label: pickText(fieldRegistry.spec(ty).label, lang),
            }))}
            onChange={(ty) => void changeType(ty)}
            aria-label={t('props.type')}
            data-testid="prop-type"
            style={{ marginInlineStart: -8 }}
          />
          <Typography.Text type="secondary" copyable={{ text: field.id }} className="tg-dz-id">
            {field.id}
          </Typography.Text>
        </div>
      </div>
      {problems.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="field-issues"
          title={problems.map((p) => `${p.rest ? `${p.rest}: ` : ''}${p.message}`).join('\n')}
        />
      ) : null}
      {conversions?.length ? <ConversionList conversions={conversions} app={app} /> : null}
      {field.type !== 'divider' && field.type !== 'description' ? (
        <Prop label={t('props.label')}>
          <I18nInput
            value={field.label}
            testId="prop-label"
            onChange={(label) => update({ label: label ?? {} }, 'label')}
          />
        </Prop>
      ) : null}
      {row && row.cells.length > 1 && where ? <RowWidths form={form} row={row} index={where.row} /> : null}
      {NO_VALUE.has(field.type) ? null : (
        <>
          <Prop label={t('props.description')}>
            <I18nInput
              multiline
              value={field.description}
              onChange={(description) => update({ description }, 'description')}
            />
          </Prop>
          {NO_PLACEHOLDER.has(field.type) ? null : (
            <Prop label={t('props.placeholder')}>
              <I18nInput
                value={field.placeholder}
                onChange={(placeholder) => update({ placeholder }, 'placeholder')}
              />
            </Prop>
          )}
          <div className="tg-dz-switches">
            {spec.writable ? (
              <SwitchProp
                label={t('props.required')}
                testId="prop-required"
                value={field.required}
                onChange={(required) => update({ required })}
              />
            ) : null}
            {spec.uniqueAllowed && !parentId ? (
              <SwitchProp
                label={t('props.unique')}
                testId="prop-unique"
                value={field.unique}
                onChange={(unique) => update({ unique })}
              />
            ) : null}
            {spec.writable ? (
              <SwitchProp
                label={t('props.readOnly')}
                value={field.readOnly}
                onChange={(readOnly) => update({ readOnly })}
              />
            ) : null}
            <SwitchProp
              label={t('props.hidden')}
              value={field.hidden}
              onChange={(hidden) => update({ hidden })}
            />
          </div>
        </>
      )}
      <ConfigEditor
        field={field}
        form={form}
        app={app}
        setConfig={setConfig}
        select={(id) => store.getState().select(id)}
        addColumn={addColumn}
      />
      {NO_DEFAULT.has(field.type) ? null : (
        <Prop label={t('props.default')}>
          <DefaultEditor
            field={field}
            form={form}
            app={app}
            onChange={(d, key) => update({ default: d }, key)}
          />
        </Prop>
      )}
    </Form>
  );
}

function FormPanel({ form }: { form: FormDefinition }) {
  const { t, i18n } = useTranslation('designer');
  const store = useEditorStore();
  const lang = i18n.language;
  const issues = useEditor((s) => s.issues);
  const app = useEditor((s) => s.app);
  const formIssues = issuesByField(app, form.id, issues).get('') ?? [];
  return (
    <Form layout="vertical" className="tg-dz-props" data-testid="form-props">
      {formIssues.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={formIssues.map((p) => `${p.rest}: ${p.message}`).join('\n')}
        />
      ) : null}
      <Prop label={t('form.name')}>
        <I18nInput
          value={form.name}
          onChange={(name) =>
            store
              .getState()
              .dispatch(
                { type: 'updateForm', formId: form.id, patch: { name: name ?? {} } },
                { coalesceKey: `${form.id}.name` },
              )
          }
        />
      </Prop>
      <Prop label={t('form.description')}>
        <I18nInput
          multiline
          value={form.description}
          onChange={(description) =>
            store
              .getState()
              .dispatch(
                { type: 'updateForm', formId: form.id, patch: { description } },
                { coalesceKey: `${form.id}.description` },
              )
          }
        />
      </Prop>
      <Prop label={t('form.titleField')}>
        <Select
          allowClear
          value={form.titleField}
          options={form.fields
            .filter((f) => fieldRegistry.of(f).storage(f as never) !== null)
            .map((f) => ({ value: f.id, label: pickText(f.label, lang) }))}
          onChange={(titleField) =>
            store.getState().dispatch({ type: 'updateForm', formId: form.id, patch: { titleField } })
          }
        />
      </Prop>
      {/* Default on: records of other forms and apps that link here, in the record's Related tab. */}
      <SwitchProp
        label={t('form.showRelated')}
        testId="form-show-related"
        value={form.showRelated !== false}
        onChange={(on) =>
          store
            .getState()
            .dispatch({ type: 'updateForm', formId: form.id, patch: { showRelated: on ? undefined : false } })
        }
      />
      <RulesPanel form={form} />
    </Form>
  );
}

/** The right pane: the selected field's properties, or the form's settings and rules. */
function findContainer(form: FormDefinition, id: string): Exclude<TreeItem, LayoutRow> | null {
  for (const item of treeOf(form)) if (item.kind !== 'row' && item.id === id) return item;
  return null;
}

/** A section's title and collapsed state, or a tab group's panes (titles, add, remove). */
function ContainerPanel({ form, item }: { form: FormDefinition; item: Exclude<TreeItem, LayoutRow> }) {
  const { t } = useTranslation('designer');
  const store = useEditorStore();
  const update = (patch: ContainerPatch, key?: string) =>
    store
      .getState()
      .dispatch(
        { type: 'updateContainer', formId: form.id, containerId: item.id, patch },
        { coalesceKey: key && `${item.id}.${key}` },
      );
  const panes = item.kind === 'tabs' ? item.tabs.map(({ id, title }) => ({ id, title })) : [];
  return (
    <Form layout="vertical" className="tg-dz-props" data-testid="container-props">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t(`layout.${item.kind}`)}
      </Typography.Title>
      {item.kind === 'section' ? (
        <>
          <Prop label={t('layout.title')}>
            <I18nInput
              value={item.title}
              testId="container-title"
              onChange={(v) => update({ title: v ?? {} }, 'title')}
            />
          </Prop>
          <SwitchProp
            label={t('layout.collapsed')}
            value={item.collapsed}
            onChange={(v) => update({ collapsed: v })}
            testId="container-collapsed"
          />
        </>
      ) : (
        <>
          {panes.map((p, i) => (
            <Prop
              key={p.id}
              label={
                <span className="tg-dz-pane-label">
                  {t('layout.tabTitle', { n: i + 1 })}
                  {panes.length > 1 ? (
                    <Button
                      size="small"
                      type="link"
                      danger
                      data-testid={`remove-tab-${p.id}`}
                      onClick={() => update({ tabs: panes.filter((x) => x.id !== p.id) })}
                    >
                      {t('layout.removeTab')}
                    </Button>
                  ) : null}
                </span>
              }
            >
              <I18nInput
                value={p.title}
                testId={`tab-title-${p.id}`}
                onChange={(v) =>
                  update(
                    { tabs: panes.map((x) => (x.id === p.id ? { ...x, title: v ?? {} } : x)) },
                    `tab.${p.id}`,
                  )
                }
              />
            </Prop>
          ))}
          <Button
            block
            data-testid="add-tab"
            onClick={() => {
              const taken = new Set([...fieldIds(form), ...containerIds(treeOf(form))]);
              const id = nextContainerId(taken, 'tab');
              update({ tabs: [...panes, { id, title: CONTAINER_TITLES.tab(panes.length + 1) }] });
            }}
          >
            {t('layout.addTab')}
          </Button>
        </>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
        {t('layout.removeHint')}
      </Typography.Paragraph>
      <Button
        danger
        block
        data-testid="remove-container"
        onClick={() =>
          store.getState().dispatch({ type: 'removeContainer', formId: form.id, containerId: item.id })
        }
      >
        {t('layout.remove')}
      </Button>
    </Form>
  );
}

export function PropertyPanel() {
  const { t } = useTranslation('designer');
  const form = useEditor(selectForm);
  const selected = useEditor((s) => s.selectedFieldId);
  const store = useEditorStore();
  const found = selected ? findField(form, selected) : null;
  const container = selected && !found ? findContainer(form, selected) : null;
  const [tab, setTab] = useState<'field' | 'form'>('field');
  useEffect(() => {
    if (selected) setTab('field');
  }, [selected]);
  const active = found || container ? tab : 'form';
  return (
    <Tabs
      className="tg-dz-tabs"
      activeKey={active}
      onChange={(k) => {
        setTab(k as 'field' | 'form');
        if (k === 'form') store.getState().select(null);
      }}
      items={[
        {
          key: 'field',
          label: t('props.fieldTab'),
          disabled: !found && !container,
          children: found ? (
            <FieldPanel key={found.field.id} form={form} field={found.field} parentId={found.subform?.id} />
          ) : container ? (
            <ContainerPanel key={container.id} form={form} item={container} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('props.selectField')} />
          ),
        },
        { key: 'form', label: t('props.formTab'), children: <FormPanel form={form} /> },
      ]}
    />
  );
}
