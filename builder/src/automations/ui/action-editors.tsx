import { FilterEditor, pickText, useAsync, useClient } from '@tangram/runtime';
import type {
  AppDefinition,
  AutomationAction,
  FieldDefinition,
  FormDefinition,
  RecordSelector,
  ValueSource,
} from '@tangram/schema';
import { Input, InputNumber, Radio, Segmented, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormulaInput } from '../../designer/formula/formula-input';
import { editorFields } from '../../designer/properties/editor-fields';
import type { OrgDirectory } from '../../workflow/directory';
import { retargetAction, type MappingAt } from '../core/commands';
import { keyCandidates, subforms, writableFields, type ActionType } from '../core/kinds';
import { Labeled, NameInputs } from './controls';
import { MappingTable, type MappingSources } from './mapping-table';
import { SigningSecret } from './webhook-parts';

type ActionOf<T extends ActionType> = Extract<AutomationAction, { type: T }>;

export interface ActionEditorProps<T extends ActionType> {
  app: AppDefinition;
  action: ActionOf<T>;
  /** The trigger's form (null for a schedule). */
  triggerForm: FormDefinition | null;
  /** The automation's actions before this one (their written records are `earlier` sources). */
  earlier: readonly AutomationAction[];
  directory: OrgDirectory;
  automationId: string;
  saved: boolean;
  onChange(action: AutomationAction, coalesceKey?: string): void;
  onMapping(at: MappingAt, field: string, value: ValueSource | null): void;
  testId: string;
}

/** The org's apps and the definition of the one an action targets (this app needs no request). */
function useTargetForm(app: AppDefinition, action: { app?: string; form: string }) {
  const client = useClient();
  const other = action.app && action.app !== app.id ? action.app : null;
  const target = useAsync(
    () => (other ? client.apps.get(other).then((r) => r.app) : Promise.resolve(app)),
    [client, other, other ? null : app],
  );
  const targetApp = other ? target.data : app;
  return { targetApp, form: targetApp?.forms.find((f) => f.id === action.form) ?? null };
}

/** Which app and form the action writes: any form of the org. */
function TargetPicker({
  app,
  action,
  onChange,
  testId,
}: {
  app: AppDefinition;
  action: Extract<AutomationAction, { form: string }>;
  onChange(action: AutomationAction): void;
  testId: string;
}) {
  const { t, i18n } = useTranslation('automations');
  const lang = i18n.language;
  const client = useClient();
  const [appId, setAppId] = useState(action.app ?? app.id);
  const apps = useAsync(() => client.apps.list().then((r) => r.items), [client]);
  const chosen = useAsync(
    () => (appId === app.id ? Promise.resolve(app) : client.apps.get(appId).then((r) => r.app)),
    [client, appId, appId === app.id ? app : null],
  );
  const forms = chosen.data?.forms ?? [];
  return (
    <div className="tg-ad-target">
      <Labeled label={t('action.targetApp')}>
        <Select
          style={{ width: '100%' }}
          value={appId}
          onChange={setAppId}
          options={(apps.data ?? [{ id: app.id, name: app.name }]).map((a) => ({
            value: a.id,
            label:
              a.id === app.id
                ? t('action.thisApp', { name: pickText(a.name, lang) })
                : pickText(a.name, lang),
          }))}
          data-testid={`${testId}-app`}
          aria-label={t('action.targetApp')}
        />
      </Labeled>
      <Labeled label={t('action.targetForm')}>
        <Select
          style={{ width: '100%' }}
          value={(action.app ?? app.id) === appId ? action.form : undefined}
          placeholder={t('action.pickForm')}
          loading={chosen.loading}
          onChange={(formId: string) => {
            const form = forms.find((f) => f.id === formId);
            if (form) onChange(retargetAction(action, { ...(appId === app.id ? {} : { app: appId }), form }));
          }}
          options={forms.map((f) => ({ value: f.id, label: pickText(f.name, lang) || f.id }))}
          data-testid={`${testId}-form`}
          aria-label={t('action.targetForm')}
        />
      </Labeled>
    </div>
  );
}

/** "One record per row of subform …" for create and upsert. */
function ForEachRow({
  triggerForm,
  value,
  onChange,
  testId,
}: {
  triggerForm: FormDefinition | null;
  value: string | undefined;
  onChange(subform: string | undefined): void;
  testId: string;
}) {
  const { t, i18n } = useTranslation('automations');
  const options = subforms(triggerForm ?? undefined);
  if (!options.length) return null;
  return (
    <Labeled label={t('action.forEachRow')} hint={t('action.forEachRowHint')}>
      <Select
        allowClear
        style={{ width: '100%' }}
        placeholder={t('action.oneRecord')}
        value={value}
        onChange={(v?: string) => onChange(v || undefined)}
        options={options.map((f) => ({
          value: f.id,
          label: t('action.perRowOf', { subform: pickText(f.label, i18n.language) || f.id }),
        }))}
        data-testid={`${testId}-for-each-row`}
        aria-label={t('action.forEachRow')}
      />
    </Labeled>
  );
}

/** Which records update/delete touch: the trigger record itself, or those matching mapped values. */
function RecordsPicker({
  action,
  targetForm,
  targetFields,
  src,
  sameForm,
  onChange,
  onMapping,
  testId,
}: {
  action: Extract<AutomationAction, { records: RecordSelector }>;
  targetForm: FormDefinition | null;
  targetFields: FieldDefinition[];
  src: MappingSources;
  sameForm: boolean;
  onChange(action: AutomationAction): void;
  onMapping(at: MappingAt, field: string, value: ValueSource | null): void;
  testId: string;
}) {
  const { t } = useTranslation('automations');
  return (
    <Labeled label={t('action.records')}>
      <Radio.Group
        value={action.records.kind}
        onChange={(e) =>
          onChange({
            ...action,
            records:
              e.target.value === 'trigger'
                ? { kind: 'trigger' }
                : e.target.value === 'filter'
                  ? { kind: 'filter', filter: { kind: 'and', items: [] } }
                  : { kind: 'match', match: [] },
          })
        }
        data-testid={`${testId}-records`}
      >
        <Radio value="trigger" disabled={!sameForm}>
          {t('action.triggerRecord')}
        </Radio>
        <Radio value="match">{t('action.matching')}</Radio>
        <Radio value="filter" disabled={!targetForm}>
          {t('action.filtered')}
        </Radio>
      </Radio.Group>
      {action.records.kind === 'filter' && targetForm ? (
        <div className="tg-ad-sub">
          <Typography.Text type="secondary" className="tg-ad-field-hint">
            {t('action.filterHint')}
          </Typography.Text>
          <FilterEditor
            form={targetForm}
            value={action.records.filter}
            onChange={(filter) =>
              onChange({
                ...action,
                records: { kind: 'filter', filter: filter ?? { kind: 'and', items: [] } },
              })
            }
            testId={`${testId}-filter`}
          />
        </div>
      ) : null}
      {action.records.kind === 'match' ? (
        <div className="tg-ad-sub">
          <Typography.Text type="secondary" className="tg-ad-field-hint">
            {t('action.matchHint')}
          </Typography.Text>
          <MappingTable
            targets={targetFields}
            list={action.records.match}
            src={src}
            onChange={(field, v) => onMapping('match', field, v)}
            testId={`${testId}-match`}
          />
        </div>
      ) : null}
    </Labeled>
  );
}

function sourcesFor(p: ActionEditorProps<ActionType>, forEachRow: string | undefined): MappingSources {
  return {
    app: p.app,
    triggerForm: p.triggerForm,
    rowOf: forEachRow
      ? (subforms(p.triggerForm ?? undefined).find((f) => f.id === forEachRow) ?? null)
      : null,
    earlier: p.earlier.flatMap((a, index) =>
      a.type === 'create' || a.type === 'update' || a.type === 'upsert'
        ? [
            {
              index,
              form: !a.app || a.app === p.app.id ? (p.app.forms.find((f) => f.id === a.form) ?? null) : null,
            },
          ]
        : [],
    ),
  };
}

const editors: { [T in ActionType]: (p: ActionEditorProps<T>) => ReactNode } = {
  create: function CreateEditor(p) {
    const { t } = useTranslation('automations');
    const { form } = useTargetForm(p.app, p.action);
    const src = sourcesFor(p as ActionEditorProps<ActionType>, p.action.forEachRow);
    return (
      <>
        <TargetPicker app={p.app} action={p.action} onChange={p.onChange} testId={p.testId} />
        <ForEachRow
          triggerForm={p.triggerForm}
          value={p.action.forEachRow}
          onChange={(forEachRow) => {
            const { forEachRow: _drop, ...rest } = p.action;
            p.onChange(forEachRow ? { ...rest, forEachRow } : rest);
          }}
          testId={p.testId}
        />
        <Labeled label={t('action.values')}>
          <MappingTable
            targets={form ? writableFields(form) : []}
            list={p.action.values}
            src={src}
            onChange={(field, v) => p.onMapping('values', field, v)}
            testId={`${p.testId}-values`}
          />
        </Labeled>
      </>
    );
  },
  update: function UpdateEditor(p) {
    const { t } = useTranslation('automations');
    const { form } = useTargetForm(p.app, p.action);
    const src = sourcesFor(p as ActionEditorProps<ActionType>, undefined);
    const fields = form ? writableFields(form) : [];
    const sameForm = (!p.action.app || p.action.app === p.app.id) && p.action.form === p.triggerForm?.id;
    return (
      <>
        <TargetPicker app={p.app} action={p.action} onChange={p.onChange} testId={p.testId} />
        <RecordsPicker
          action={p.action}
          targetForm={form ?? null}
          targetFields={fields}
          src={src}
          sameForm={sameForm}
          onChange={p.onChange}
          onMapping={p.onMapping}
          testId={p.testId}
        />
        <Labeled label={t('action.setValues')}>
          <MappingTable
            targets={fields}
            list={p.action.values}
            src={src}
            onChange={(field, v) => p.onMapping('values', field, v)}
            testId={`${p.testId}-values`}
          />
        </Labeled>
      </>
    );
  },
  upsert: function UpsertEditor(p) {
    const { t, i18n } = useTranslation('automations');
    const { form } = useTargetForm(p.app, p.action);
    const src = sourcesFor(p as ActionEditorProps<ActionType>, p.action.forEachRow);
    return (
      <>
        <TargetPicker app={p.app} action={p.action} onChange={p.onChange} testId={p.testId} />
        <Labeled label={t('action.key')} hint={t('action.keyHint')}>
          <Select
            style={{ width: '100%' }}
            value={p.action.key || undefined}
            onChange={(key: string) => p.onChange({ ...p.action, key })}
            options={(form ? keyCandidates(form) : []).map((f) => ({
              value: f.id,
              label: pickText(f.label, i18n.language) || f.id,
            }))}
            data-testid={`${p.testId}-key`}
            aria-label={t('action.key')}
          />
        </Labeled>
        <ForEachRow
          triggerForm={p.triggerForm}
          value={p.action.forEachRow}
          onChange={(forEachRow) => {
            const { forEachRow: _drop, ...rest } = p.action;
            p.onChange(forEachRow ? { ...rest, forEachRow } : rest);
          }}
          testId={p.testId}
        />
        <Labeled label={t('action.values')}>
          <MappingTable
            targets={form ? writableFields(form) : []}
            list={p.action.values}
            src={src}
            required={p.action.key}
            onChange={(field, v) => p.onMapping('values', field, v)}
            testId={`${p.testId}-values`}
          />
        </Labeled>
      </>
    );
  },
  delete: function DeleteEditor(p) {
    const { form } = useTargetForm(p.app, p.action);
    const sameForm = (!p.action.app || p.action.app === p.app.id) && p.action.form === p.triggerForm?.id;
    return (
      <>
        <TargetPicker app={p.app} action={p.action} onChange={p.onChange} testId={p.testId} />
        <RecordsPicker
          action={p.action}
          targetForm={form ?? null}
          targetFields={form ? writableFields(form) : []}
          src={sourcesFor(p as ActionEditorProps<ActionType>, undefined)}
          sameForm={sameForm}
          onChange={p.onChange}
          onMapping={p.onMapping}
          testId={p.testId}
        />
      </>
    );
  },
  notify: function NotifyEditor(p) {
    const { t, i18n } = useTranslation('automations');
    const lang = i18n.language;
    const memberFields = (p.triggerForm?.fields ?? []).filter(
      (f) => f.type === 'member' || f.type === 'members',
    );
    const message = p.action.message;
    return (
      <>
        <Labeled label={t('notify.users')}>
          <Select
            mode="multiple"
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: '100%' }}
            value={p.action.users ?? []}
            onChange={(users: string[]) => p.onChange({ ...p.action, users })}
            options={p.directory.members.map((m) => ({ value: m.id, label: m.name }))}
            data-testid={`${p.testId}-users`}
            aria-label={t('notify.users')}
          />
        </Labeled>
        {memberFields.length ? (
          <Labeled label={t('notify.userFields')}>
            <Select
              mode="multiple"
              allowClear
              style={{ width: '100%' }}
              value={p.action.userFields ?? []}
              onChange={(userFields: string[]) => p.onChange({ ...p.action, userFields })}
              options={memberFields.map((f) => ({ value: f.id, label: pickText(f.label, lang) || f.id }))}
              data-testid={`${p.testId}-user-fields`}
              aria-label={t('notify.userFields')}
            />
          </Labeled>
        ) : null}
        <Labeled label={t('notify.title')}>
          <NameInputs
            value={p.action.title}
            onChange={(title) => p.onChange({ ...p.action, title }, `${p.testId}-title`)}
            testId={`${p.testId}-title`}
          />
        </Labeled>
        <Labeled label={t('notify.message')}>
          <Segmented<'static' | 'formula'>
            size="small"
            value={message?.kind === 'formula' ? 'formula' : 'static'}
            onChange={(kind) => {
              const { message: _drop, ...rest } = p.action;
              p.onChange(
                kind === 'formula' ? { ...rest, message: { kind: 'formula', expression: '' } } : rest,
              );
            }}
            options={[
              { value: 'static', label: t('mapping.kinds.static') },
              { value: 'formula', label: t('mapping.kinds.formula') },
            ]}
            style={{ marginBottom: 6 }}
          />
          {message?.kind === 'formula' ? (
            <FormulaInput
              value={message.expression}
              fields={p.triggerForm ? editorFields(p.triggerForm, lang) : []}
              app={p.app}
              onChange={(expression) => p.onChange({ ...p.action, message: { kind: 'formula', expression } })}
              testId={`${p.testId}-message-formula`}
            />
          ) : (
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={5000}
              value={message?.kind === 'static' ? String(message.value ?? '') : ''}
              onChange={(e) => {
                const { message: _drop, ...rest } = p.action;
                const text = e.target.value;
                p.onChange(
                  text ? { ...rest, message: { kind: 'static', value: text } } : rest,
                  `${p.testId}-message`,
                );
              }}
              data-testid={`${p.testId}-message`}
              aria-label={t('notify.message')}
            />
          )}
        </Labeled>
        <Labeled label={t('notify.email')}>
          <Switch
            checked={p.action.email === true}
            onChange={(email) => p.onChange({ ...p.action, email })}
            data-testid={`${p.testId}-email`}
            aria-label={t('notify.email')}
          />
        </Labeled>
      </>
    );
  },
  webhook: function WebhookEditor(p) {
    const { t } = useTranslation('automations');
    const format = (body: unknown) => (body === undefined ? '' : JSON.stringify(body, null, 2));
    const [bodyText, setBodyText] = useState(() => format(p.action.body));
    const [bodyError, setBodyError] = useState<string | null>(null);
    // The text follows the definition when it changes from outside (undo, redo, a moved action);
    // what this editor sent itself is remembered so typing is never reformatted under the cursor.
    const bodyKey = JSON.stringify(p.action.body ?? null);
    const sent = useRef(bodyKey);
    useEffect(() => {
      if (bodyKey === sent.current) return;
      sent.current = bodyKey;
      setBodyText(format(p.action.body));
      setBodyError(null);
      // `bodyKey` stands for `p.action.body`.
    }, [bodyKey]);
    const onBody = (text: string) => {
      setBodyText(text);
      const { body: _drop, ...rest } = p.action;
      if (!text.trim()) {
        setBodyError(null);
        sent.current = 'null';
        p.onChange(rest, `${p.testId}-body`);
        return;
      }
      try {
        // The schema allows any JSON value as the body template (its generated type says object).
        const body = JSON.parse(text) as ActionOf<'webhook'>['body'];
        setBodyError(null);
        sent.current = JSON.stringify(body ?? null);
        p.onChange({ ...rest, body }, `${p.testId}-body`);
      } catch (e) {
        // Kept as typed until it parses; the definition keeps the last valid body.
        setBodyError(t('webhook.badJson', { message: (e as Error).message }));
      }
    };
    return (
      <>
        <Labeled label={t('webhook.url')} hint={t('webhook.urlHint')}>
          <Space.Compact style={{ width: '100%' }}>
            <Select
              style={{ width: 100 }}
              value={p.action.method ?? 'POST'}
              onChange={(method: 'POST' | 'PUT' | 'PATCH') => p.onChange({ ...p.action, method })}
              options={['POST', 'PUT', 'PATCH'].map((m) => ({ value: m, label: m }))}
              aria-label={t('webhook.method')}
            />
            <Input
              value={p.action.url}
              maxLength={2000}
              status={/^https?:\/\/.+/.test(p.action.url) ? undefined : 'error'}
              onChange={(e) => p.onChange({ ...p.action, url: e.target.value }, `${p.testId}-url`)}
              data-testid={`${p.testId}-url`}
              aria-label={t('webhook.url')}
            />
          </Space.Compact>
        </Labeled>
        <Labeled
          label={t('webhook.body')}
          hint={t('webhook.bodyHint', { field: '{{fieldId}}', old: '{{old.fieldId}}' })}
        >
          <Input.TextArea
            className="tg-ad-code"
            autoSize={{ minRows: 4, maxRows: 14 }}
            value={bodyText}
            placeholder={'{\n  "order": "{{id}}",\n  "total": "{{amount}}"\n}'}
            status={bodyError ? 'error' : undefined}
            onChange={(e) => onBody(e.target.value)}
            data-testid={`${p.testId}-body`}
            aria-label={t('webhook.body')}
          />
          {bodyError ? <Typography.Text type="danger">{bodyError}</Typography.Text> : null}
        </Labeled>
        <div className="tg-ad-inline">
          <Labeled label={t('webhook.timeout')}>
            <InputNumber
              min={100}
              max={30000}
              step={1000}
              value={p.action.timeoutMs ?? 10000}
              onChange={(v) => p.onChange({ ...p.action, timeoutMs: v ?? 10000 })}
              addonAfter="ms"
              aria-label={t('webhook.timeout')}
            />
          </Labeled>
          <Labeled label={t('webhook.retries')}>
            <InputNumber
              min={0}
              max={10}
              value={p.action.retries ?? 5}
              onChange={(v) => p.onChange({ ...p.action, retries: v ?? 5 })}
              aria-label={t('webhook.retries')}
            />
          </Labeled>
        </div>
        <SigningSecret automationId={p.automationId} saved={p.saved} />
      </>
    );
  },
};

/** The editor of one action, by its type. */
export function ActionEditor(props: ActionEditorProps<ActionType>) {
  const Editor = editors[props.action.type] as (p: ActionEditorProps<ActionType>) => ReactNode;
  return (
    <div className="tg-ad-fields">
      <Editor {...props} />
    </div>
  );
}
