import { pickText } from '@tangram/runtime';
import type { AppDefinition, AutomationTrigger, FieldDefinition } from '@tangram/schema';
import { Checkbox, Input, Select, Switch, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TRIGGER_TYPES, triggerKind, writableFields, type TriggerType } from '../core/kinds';
import { Labeled, NameInputs } from './controls';
import { IncomingUrl } from './webhook-parts';

type TriggerOf<T extends TriggerType> = Extract<AutomationTrigger, { type: T }>;

interface EditorProps<T extends TriggerType> {
  app: AppDefinition;
  trigger: TriggerOf<T>;
  onChange(trigger: AutomationTrigger): void;
  automationId: string;
  /** Whether the automation as edited is the one the server has (secret URLs need that). */
  saved: boolean;
}

function FormSelect({
  app,
  value,
  onChange,
  testId,
}: {
  app: AppDefinition;
  value: string;
  onChange(formId: string): void;
  testId: string;
}) {
  const { t, i18n } = useTranslation('automations');
  return (
    <Labeled label={t('trigger.form')}>
      <Select
        style={{ width: '100%' }}
        value={value}
        onChange={onChange}
        options={app.forms.map((f) => ({ value: f.id, label: pickText(f.name, i18n.language) || f.id }))}
        data-testid={testId}
        aria-label={t('trigger.form')}
      />
    </Labeled>
  );
}

const fieldOptions = (fields: FieldDefinition[], lang: string) =>
  fields.map((f) => ({ value: f.id, label: pickText(f.label, lang) || f.id }));

const EVENTS = ['created', 'updated', 'deleted'] as const;
const WORKFLOW_EVENTS = ['approved', 'rejected', 'finished', 'node_reached', 'hook'] as const;

const editors: { [T in TriggerType]: (p: EditorProps<T>) => ReactNode } = {
  record: function RecordTriggerEditor({ app, trigger, onChange }) {
    const { t, i18n } = useTranslation('automations');
    const form = app.forms.find((f) => f.id === trigger.form);
    return (
      <>
        <FormSelect
          app={app}
          value={trigger.form}
          onChange={(formId) => onChange({ type: 'record', form: formId, events: trigger.events })}
          testId="trigger-form"
        />
        <Labeled label={t('trigger.when')}>
          <Checkbox.Group
            value={trigger.events}
            onChange={(v) => {
              const events = EVENTS.filter((e) => v.includes(e));
              if (!events.length) return; // at least one event: the schema's minItems
              const { fields, ...rest } = trigger;
              onChange({ ...rest, events, ...(events.includes('updated') && fields ? { fields } : {}) });
            }}
            options={EVENTS.map((e) => ({ value: e, label: t(`trigger.events.${e}`) }))}
            data-testid="trigger-events"
          />
        </Labeled>
        {trigger.events.includes('updated') && form ? (
          <Labeled label={t('trigger.onlyFields')} hint={t('trigger.onlyFieldsHint')}>
            <Select
              mode="multiple"
              allowClear
              style={{ width: '100%' }}
              placeholder={t('trigger.anyField')}
              value={trigger.fields ?? []}
              onChange={(fields: string[]) => {
                const { fields: _drop, ...rest } = trigger;
                onChange(fields.length ? { ...rest, fields } : rest);
              }}
              options={fieldOptions(writableFields(form), i18n.language)}
              data-testid="trigger-fields"
              aria-label={t('trigger.onlyFields')}
            />
          </Labeled>
        ) : null}
      </>
    );
  },
  workflow: function WorkflowTriggerEditor({ app, trigger, onChange }) {
    const { t, i18n } = useTranslation('automations');
    const lang = i18n.language;
    const workflows = app.workflows ?? [];
    const wf = workflows.find((w) => w.id === trigger.workflow);
    const base = { type: 'workflow' as const, workflow: trigger.workflow };
    return (
      <>
        <Labeled label={t('trigger.workflow')}>
          <Select
            style={{ width: '100%' }}
            value={trigger.workflow}
            onChange={(workflow: string) => onChange({ type: 'workflow', workflow, event: trigger.event })}
            options={workflows.map((w) => ({
              value: w.id,
              label: `${pickText(w.name, lang) || w.id} · ${pickText(app.forms.find((f) => f.id === w.form)?.name, lang)}`,
            }))}
            data-testid="trigger-workflow"
            aria-label={t('trigger.workflow')}
          />
        </Labeled>
        <Labeled label={t('trigger.when')}>
          <Select
            style={{ width: '100%' }}
            value={trigger.event}
            onChange={(event: TriggerOf<'workflow'>['event']) =>
              onChange(event === 'hook' ? { ...base, event, hook: 'automation' } : { ...base, event })
            }
            options={WORKFLOW_EVENTS.map((e) => ({ value: e, label: t(`trigger.workflowEvents.${e}`) }))}
            data-testid="trigger-workflow-event"
            aria-label={t('trigger.when')}
          />
        </Labeled>
        {trigger.event === 'node_reached' ? (
          <Labeled label={t('trigger.node')}>
            <Select
              allowClear
              style={{ width: '100%' }}
              placeholder={t('trigger.anyNode')}
              value={trigger.node}
              onChange={(node?: string) =>
                onChange(node ? { ...base, event: 'node_reached', node } : { ...base, event: 'node_reached' })
              }
              options={(wf?.nodes ?? [])
                .filter((n) => n.type === 'approve' || n.type === 'fill' || n.type === 'cc')
                .map((n) => ({ value: n.id, label: pickText(n.name, lang) || n.id }))}
              data-testid="trigger-node"
              aria-label={t('trigger.node')}
            />
          </Labeled>
        ) : null}
        {trigger.event === 'hook' ? (
          <Labeled label={t('trigger.hook')} hint={t('trigger.hookHint')}>
            <Input
              value={trigger.hook ?? ''}
              maxLength={100}
              onChange={(e) => onChange({ ...base, event: 'hook', hook: e.target.value })}
              data-testid="trigger-hook"
            />
          </Labeled>
        ) : null}
      </>
    );
  },
  schedule: function ScheduleTriggerEditor({ trigger, onChange }) {
    const { t } = useTranslation('automations');
    const presets = [
      { key: 'daily', cron: '0 9 * * *' },
      { key: 'weekly', cron: '0 9 * * 1' },
      { key: 'monthly', cron: '0 9 1 * *' },
      { key: 'quarterHour', cron: '*/15 * * * *' },
    ];
    return (
      <Labeled label={t('trigger.cron')} hint={t('trigger.cronHint')}>
        <Input
          value={trigger.cron}
          maxLength={100}
          onChange={(e) => onChange({ type: 'schedule', cron: e.target.value })}
          data-testid="trigger-cron"
          aria-label={t('trigger.cron')}
        />
        <div className="tg-ad-presets">
          {presets.map((p) => (
            <Typography.Link key={p.key} onClick={() => onChange({ type: 'schedule', cron: p.cron })}>
              {t(`trigger.cronPresets.${p.key}`)}
            </Typography.Link>
          ))}
        </div>
      </Labeled>
    );
  },
  button: function ButtonTriggerEditor({ app, trigger, onChange }) {
    const { t } = useTranslation('automations');
    return (
      <>
        <FormSelect
          app={app}
          value={trigger.form}
          onChange={(form) => onChange({ ...trigger, form })}
          testId="trigger-form"
        />
        <Labeled label={t('trigger.buttonLabel')}>
          <NameInputs
            value={trigger.label}
            onChange={(label) => onChange({ ...trigger, label })}
            testId="trigger-label"
          />
        </Labeled>
        <Labeled label={t('trigger.confirm')}>
          <Switch
            checked={trigger.confirm === true}
            onChange={(confirm) => onChange({ ...trigger, confirm })}
            data-testid="trigger-confirm"
            aria-label={t('trigger.confirm')}
          />
        </Labeled>
      </>
    );
  },
  webhook: function WebhookTriggerEditor({ app, trigger, onChange, automationId, saved }) {
    const { t, i18n } = useTranslation('automations');
    const form = app.forms.find((f) => f.id === trigger.form);
    return (
      <>
        <FormSelect
          app={app}
          value={trigger.form}
          onChange={(formId) => onChange({ type: 'webhook', form: formId, map: [] })}
          testId="trigger-form"
        />
        <Labeled label={t('trigger.bodyMap')} hint={t('trigger.bodyMapHint')}>
          <div className="tg-ad-pointers">
            {(form ? writableFields(form) : []).map((f) => (
              <label key={f.id} className="tg-ad-pointer">
                <span>{pickText(f.label, i18n.language) || f.id}</span>
                <Input
                  placeholder={`/${f.id}`}
                  value={trigger.map.find((m) => m.field === f.id)?.pointer ?? ''}
                  maxLength={500}
                  onChange={(e) => {
                    const pointer = e.target.value;
                    const others = trigger.map.filter((m) => m.field !== f.id);
                    onChange({ ...trigger, map: pointer ? [...others, { field: f.id, pointer }] : others });
                  }}
                  data-testid={`trigger-pointer-${f.id}`}
                />
              </label>
            ))}
          </div>
        </Labeled>
        <IncomingUrl automationId={automationId} saved={saved} />
      </>
    );
  },
};

/** The trigger step: its type, then what the type needs. Changing the type starts it fresh. */
export function TriggerEditor({
  app,
  trigger,
  onChange,
  automationId,
  saved,
}: {
  app: AppDefinition;
  trigger: AutomationTrigger;
  onChange(trigger: AutomationTrigger): void;
  automationId: string;
  saved: boolean;
}) {
  const { t } = useTranslation('automations');
  const Editor = editors[trigger.type] as (p: EditorProps<TriggerType>) => ReactNode;
  const formId = triggerKind(trigger.type).form(trigger, app);
  return (
    <div className="tg-ad-fields">
      <Labeled label={t('trigger.type')}>
        <Select<TriggerType>
          style={{ width: '100%' }}
          value={trigger.type}
          onChange={(type) => {
            const next = triggerKind(type).make(app, formId);
            if (next) onChange(next);
          }}
          options={TRIGGER_TYPES.map((type) => ({
            value: type,
            label: t(`trigger.types.${type}`),
            disabled: triggerKind(type).make(app, formId) === null,
          }))}
          data-testid="trigger-type"
          aria-label={t('trigger.type')}
        />
      </Labeled>
      <Editor app={app} trigger={trigger} onChange={onChange} automationId={automationId} saved={saved} />
    </div>
  );
}
