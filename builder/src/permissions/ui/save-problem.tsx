import { pickText } from '@tangram/runtime';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { selectForm, usePermissions } from '../store/context';

/** `/forms/<i>/permissionGroups/<j>…` -> the group index j of form i, when the path names one. */
function groupIndexOf(path: string | undefined, formIndex: number): number | undefined {
  const m = /^\/forms\/(\d+)\/permissionGroups\/(\d+)/.exec(path ?? '');
  return m && Number(m[1]) === formIndex ? Number(m[2]) : undefined;
}

/**
 * The server's refusal of the last save, next to the groups: its message as the server wrote it
 * (e.g. "permission groups are not enforced yet…"), and each detail, named by group when it
 * points into one.
 */
export function SaveProblem() {
  const { t, i18n } = useTranslation('permissions');
  const problem = usePermissions((s) => s.problem);
  const form = usePermissions(selectForm);
  const formIndex = usePermissions((s) => s.app.forms.findIndex((f) => f.id === s.formId));
  if (!problem) return null;
  const groups = form.permissionGroups ?? [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      className="tg-pd-problem"
      data-testid="save-problem"
      data-code={problem.code}
      title={t('groups.problemTitle')}
      description={
        <>
          <div>{problem.message}</div>
          {problem.details.length ? (
            <ul className="tg-pd-problem-list">
              {problem.details.map((d, i) => {
                const at = groupIndexOf(d.path, formIndex);
                const group = at === undefined ? undefined : groups[at];
                return (
                  <li key={i} data-code={d.code}>
                    {group
                      ? `${t('groups.problemGroup', { name: pickText(group.name, i18n.language) })}: `
                      : ''}
                    {d.message}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </>
      }
    />
  );
}
