import { withImplied } from '@tangram/acl';
import { PERMISSION_ACTIONS, type PermissionAction } from '@tangram/schema';
import { Checkbox, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

/** The explicit action that brings `action` with it (edit -> view), for the tooltip. */
export function impliedBy(
  explicit: readonly PermissionAction[],
  action: PermissionAction,
): PermissionAction | undefined {
  return explicit.find((a) => a !== action && withImplied([a]).includes(action));
}

/**
 * One checkbox per action. Only what the designer ticks is stored; an action another one brings
 * with it (view with edit, create with import) shows ticked and locked, saying which one.
 */
export function ActionChecks({
  value,
  onToggle,
  testId,
}: {
  value: readonly PermissionAction[];
  onToggle(action: PermissionAction, on: boolean): void;
  testId: string;
}) {
  const { t } = useTranslation('permissions');
  return (
    <div className="tg-pd-actions" data-testid={testId}>
      {PERMISSION_ACTIONS.map((action) => {
        const by = value.includes(action) ? undefined : impliedBy(value, action);
        const box = (
          <Checkbox
            key={action}
            checked={value.includes(action) || by !== undefined}
            disabled={by !== undefined}
            onChange={(e) => onToggle(action, e.target.checked)}
            data-testid={`${testId}-${action}`}
          >
            {t(`actions.${action}`)}
          </Checkbox>
        );
        return by ? (
          <Tooltip key={action} title={t('actions.impliedBy', { by: t(`actions.${by}`) })}>
            <span data-implied-by={by}>{box}</span>
          </Tooltip>
        ) : (
          box
        );
      })}
    </div>
  );
}
