/**
 * One-line descriptions of triggers and actions for the list and the step headers. Pure: the
 * caller passes its translate function and a way to name forms and fields.
 */
import type { AppDefinition, AutomationAction, AutomationTrigger, I18NText } from '@tangram/schema';

export type Translate = (key: string, values?: Record<string, unknown>) => string;

export interface Names {
  form(appId: string | undefined, formId: string): string;
  field(formId: string, fieldId: string): string;
  workflow(workflowId: string): string;
  node(workflowId: string, nodeId: string): string;
  text(value: I18NText | undefined): string;
}

const triggerSummaries: {
  [T in AutomationTrigger['type']]: (
    trigger: Extract<AutomationTrigger, { type: T }>,
    t: Translate,
    n: Names,
  ) => string;
} = {
  record: (tr, t, n) =>
    t('summary.record', {
      form: n.form(undefined, tr.form),
      events: tr.events.map((e) => t(`trigger.events.${e}`)).join(t('summary.or')),
    }) +
    (tr.fields?.length
      ? t('summary.fields', { fields: tr.fields.map((f) => n.field(tr.form, f)).join(t('summary.comma')) })
      : ''),
  workflow: (tr, t, n) =>
    t('summary.workflow', {
      workflow: n.workflow(tr.workflow),
      event:
        tr.event === 'node_reached' && tr.node
          ? t('summary.nodeReached', { node: n.node(tr.workflow, tr.node) })
          : tr.event === 'hook' && tr.hook
            ? t('summary.hook', { hook: tr.hook })
            : t(`trigger.workflowEvents.${tr.event}`),
    }),
  schedule: (tr, t) => t('summary.schedule', { cron: tr.cron }),
  button: (tr, t, n) => t('summary.button', { form: n.form(undefined, tr.form), label: n.text(tr.label) }),
  webhook: (tr, t, n) => t('summary.webhook', { form: n.form(undefined, tr.form) }),
};

export function triggerSummary(trigger: AutomationTrigger, t: Translate, names: Names): string {
  const describe = triggerSummaries[trigger.type] as (
    tr: AutomationTrigger,
    t: Translate,
    n: Names,
  ) => string;
  return describe(trigger, t, names);
}

export function actionSummary(action: AutomationAction, t: Translate, names: Names): string {
  if ('form' in action)
    return t(`summary.action.${action.type}`, { form: names.form(action.app, action.form) });
  if (action.type === 'notify') return t('summary.action.notify', { title: names.text(action.title) });
  return t('summary.action.webhook', { url: action.url });
}

/** Names looked up in the app being edited (and other apps' forms when loaded). */
export function namesIn(
  app: AppDefinition,
  lang: string,
  otherApps: ReadonlyMap<string, AppDefinition> = new Map(),
): Names {
  const text = (v: I18NText | undefined) =>
    (lang === 'en' ? (v?.en ?? v?.['zh-CN']) : (v?.['zh-CN'] ?? v?.en)) ?? '';
  const appOf = (appId: string | undefined) => (!appId || appId === app.id ? app : otherApps.get(appId));
  const formOf = (formId: string) => app.forms.find((f) => f.id === formId);
  const workflowOf = (id: string) => (app.workflows ?? []).find((w) => w.id === id);
  return {
    text,
    form: (appId, formId) => text(appOf(appId)?.forms.find((f) => f.id === formId)?.name) || formId,
    field: (formId, fieldId) => text(formOf(formId)?.fields.find((f) => f.id === fieldId)?.label) || fieldId,
    workflow: (id) => text(workflowOf(id)?.name) || id,
    node: (wf, node) => text(workflowOf(wf)?.nodes.find((x) => x.id === node)?.name) || node,
  };
}
