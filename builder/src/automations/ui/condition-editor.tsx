import { FilterEditor } from '@tangram/runtime';
import type { AutomationCondition, AutomationTrigger, Filter, FormDefinition } from '@tangram/schema';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Labeled } from './controls';

/** Whether the trigger has values from before the change for an `old` condition. */
const hasOldValues = (trigger: AutomationTrigger) =>
  trigger.type === 'record' && trigger.events.some((e) => e === 'updated' || e === 'deleted');

/**
 * The condition step: the query AST over the trigger record as the change left it (`new`), and for
 * updates also over its values before (`old`): "status is approved now and was not before".
 */
export function ConditionEditor({
  form,
  trigger,
  condition,
  onChange,
}: {
  form: FormDefinition | null;
  trigger: AutomationTrigger;
  condition: AutomationCondition | undefined;
  onChange(side: 'new' | 'old', filter: Filter | null): void;
}) {
  const { t } = useTranslation('automations');
  if (!form) return <Typography.Text type="secondary">{t('condition.noRecord')}</Typography.Text>;
  return (
    <div className="tg-ad-fields">
      <Labeled
        label={hasOldValues(trigger) ? t('condition.new') : t('condition.record')}
        hint={t('condition.hint')}
      >
        <FilterEditor
          form={form}
          value={condition?.new}
          onChange={(f) => onChange('new', f ?? null)}
          testId="condition-new"
        />
      </Labeled>
      {hasOldValues(trigger) ? (
        <Labeled label={t('condition.old')} hint={t('condition.oldHint')}>
          <FilterEditor
            form={form}
            value={condition?.old}
            onChange={(f) => onChange('old', f ?? null)}
            testId="condition-old"
          />
        </Labeled>
      ) : null}
    </div>
  );
}
