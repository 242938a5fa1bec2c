import { pickText } from '@tangram/runtime';
import type { I18NText } from '@tangram/schema';
import { Input, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgDirectory } from '../../workflow/directory';
import { selectForm, selectGroup, usePermissions, usePermissionStore } from '../store/context';
import { ActionChecks } from './action-checks';
import { AudiencePicker } from './audience-picker';
import { FieldTable } from './field-table';
import { ScopeEditor } from './scope-editor';

export const GROUP_NAME_INPUT_ID = 'tg-pd-group-name';

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section className="tg-pd-section">
      <Typography.Title level={5} className="tg-pd-section-title">
        {title}
      </Typography.Title>
      {hint ? (
        <Typography.Paragraph type="secondary" className="tg-pd-hint">
          {hint}
        </Typography.Paragraph>
      ) : null}
      {children}
    </section>
  );
}

/** The selected group: name, members, actions, records and fields. */
export function GroupEditor({ directory }: { directory: OrgDirectory }) {
  const { t, i18n } = useTranslation('permissions');
  const store = usePermissionStore();
  const form = usePermissions(selectForm);
  const group = usePermissions(selectGroup);
  if (!group)
    return (
      <div className="tg-pd-editor tg-pd-editor-empty">
        <Typography.Text type="secondary">{t('groups.empty')}</Typography.Text>
      </div>
    );
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const base = { formId: form.id, groupId: group.id };
  const dispatch = store.getState().dispatch;
  const rename = (text: string) => {
    const name: I18NText = { ...group.name, [lang]: text };
    // An empty text in this language falls back to the other one; a group keeps some name.
    if (!text.trim()) delete name[lang];
    if (Object.keys(name).length === 0) return;
    dispatch({ type: 'renameGroup', ...base, name }, { coalesceKey: `name:${group.id}` });
  };
  return (
    <div className="tg-pd-editor" data-testid="group-editor" key={group.id}>
      <Section title={t('group.name')}>
        <Input
          id={GROUP_NAME_INPUT_ID}
          value={group.name[lang] ?? pickText(group.name, lang)}
          maxLength={500}
          onChange={(e) => rename(e.target.value)}
          data-testid="group-name-input"
          aria-label={t('group.name')}
        />
      </Section>
      <Section title={t('group.members')} hint={t('group.membersHint')}>
        <AudiencePicker
          value={group.members}
          directory={directory}
          onChange={(members) => dispatch({ type: 'setMembers', ...base, members })}
          testId="group-members"
        />
      </Section>
      <Section title={t('group.actions')}>
        <ActionChecks
          value={group.actions}
          onToggle={(action, on) => dispatch({ type: 'setAction', ...base, action, on })}
          testId="group-actions"
        />
      </Section>
      <Section title={t('group.scope')}>
        <ScopeEditor
          form={form}
          value={group.scope}
          onChange={(scope) =>
            // Typing in one custom filter is one undo step; switching the kind of scope is its own.
            dispatch(
              { type: 'setScope', ...base, scope },
              scope.kind === 'custom' && group.scope.kind === 'custom'
                ? { coalesceKey: `filter:${group.id}` }
                : undefined,
            )
          }
          testId="group-scope"
        />
      </Section>
      <Section title={t('group.fields')}>
        <FieldTable
          form={form}
          group={group}
          onLevel={(fieldId, level) => dispatch({ type: 'setFieldLevel', ...base, fieldId, level })}
          onAll={(level) => dispatch({ type: 'setAllFields', ...base, level })}
        />
      </Section>
    </div>
  );
}
