import type { Audience } from '@tangram/schema';
import { Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgDirectory } from '../../workflow/directory';
import { audiencesOf, choiceOf, type AudienceChoice } from '../core/audience';

/**
 * Who: everyone, or chosen users, departments (with or without their sub-departments) and roles.
 * One control per kind; the list of audiences is rebuilt from them on every change.
 */
export function AudiencePicker({
  value,
  onChange,
  directory,
  offerEveryone = true,
  testId,
}: {
  value: readonly Audience[];
  onChange(members: Audience[]): void;
  directory: OrgDirectory;
  /** App admins are never "everyone": the picker then offers chosen people only. */
  offerEveryone?: boolean;
  testId: string;
}) {
  const { t } = useTranslation('permissions');
  const choice = choiceOf(value);
  const set = (patch: Partial<AudienceChoice>) => onChange(audiencesOf({ ...choice, ...patch }));
  const chosenOff = offerEveryone && choice.everyone;
  return (
    <div className="tg-pd-audience" data-testid={testId}>
      {offerEveryone ? (
        <label className="tg-pd-inline">
          <Switch
            size="small"
            checked={choice.everyone}
            onChange={(everyone) => set({ everyone })}
            data-testid={`${testId}-everyone`}
          />
          {t('audience.everyone')}
        </label>
      ) : null}
      <div className="tg-pd-audience-row">
        <Typography.Text type="secondary">{t('audience.users')}</Typography.Text>
        <Select
          mode="multiple"
          allowClear
          disabled={chosenOff}
          value={choice.users}
          placeholder={t('audience.pickUsers')}
          optionFilterProp="label"
          onChange={(users: string[]) => set({ users })}
          options={directory.members.map((m) => ({ value: m.id, label: m.name, title: m.email }))}
          data-testid={`${testId}-users`}
          aria-label={t('audience.users')}
        />
      </div>
      <div className="tg-pd-audience-row">
        <Typography.Text type="secondary">{t('audience.departments')}</Typography.Text>
        <Select
          mode="multiple"
          allowClear
          disabled={chosenOff}
          value={choice.departments}
          placeholder={t('audience.pickDepartments')}
          optionFilterProp="label"
          onChange={(departments: string[]) => set({ departments })}
          options={directory.departments.map((d) => ({ value: d.id, label: d.name }))}
          data-testid={`${testId}-departments`}
          aria-label={t('audience.departments')}
        />
        <label className="tg-pd-inline">
          <Switch
            size="small"
            // The switch is part of a departments entry: without departments there is nothing to widen.
            disabled={chosenOff || choice.departments.length === 0}
            checked={choice.includeSubDepartments}
            onChange={(includeSubDepartments) => set({ includeSubDepartments })}
            data-testid={`${testId}-include-sub`}
          />
          {t('audience.includeSub')}
        </label>
      </div>
      <div className="tg-pd-audience-row">
        <Typography.Text type="secondary">{t('audience.roles')}</Typography.Text>
        <Select
          mode="multiple"
          allowClear
          disabled={chosenOff}
          value={choice.roles}
          placeholder={t('audience.pickRoles')}
          optionFilterProp="label"
          onChange={(roles: string[]) => set({ roles })}
          options={directory.roles.map((r) => ({ value: r.id, label: r.name }))}
          data-testid={`${testId}-roles`}
          aria-label={t('audience.roles')}
        />
      </div>
    </div>
  );
}
