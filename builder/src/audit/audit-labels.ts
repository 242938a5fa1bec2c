import type { TFunction } from 'i18next';
import { auditZhCN } from './i18n/zh-CN';

/**
 * Labels of audited actions and object types. The i18n resource is the registry: an action the
 * server records that has no text yet (a new feature's) shows its code rather than nothing.
 */
export type KnownAction = keyof typeof auditZhCN.actions;
export type ActionGroup = keyof typeof auditZhCN.groups;

export const KNOWN_ACTIONS = Object.keys(auditZhCN.actions) as KnownAction[];

const isKnown = (action: string): action is KnownAction => Object.hasOwn(auditZhCN.actions, action);

export function actionLabel(t: TFunction<'audit'>, action: string): string {
  return isKnown(action) ? t(`actions.${action}`) : action;
}

export function targetTypeLabel(t: TFunction<'audit'>, type: string): string {
  return Object.hasOwn(auditZhCN.targets, type)
    ? t(`targets.${type as keyof typeof auditZhCN.targets}`)
    : type;
}

/** The "what" filter: per group, the whole group (a prefix such as `user.`) and each action in it. */
export function actionOptions(t: TFunction<'audit'>) {
  const groups = Object.keys(auditZhCN.groups) as ActionGroup[];
  return groups.map((group) => {
    const label = t(`groups.${group}`);
    const actions = KNOWN_ACTIONS.filter((a) => a.startsWith(`${group}.`));
    return {
      label,
      title: group,
      options: [
        ...(actions.length > 1 ? [{ value: `${group}.`, label: t('filters.allOf', { group: label }) }] : []),
        ...actions.map((a) => ({ value: a, label: t(`actions.${a}`) })),
      ],
    };
  });
}
