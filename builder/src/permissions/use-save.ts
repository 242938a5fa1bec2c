import { useTranslation } from 'react-i18next';
import { useAppSave } from '../core/use-app-save';
import { usePermissionStore } from './store/context';

/**
 * Saving = the studio's save path (core/use-app-save.tsx). A refusal (400, e.g.
 * `permission_groups_not_enforced` while an operator has switched groups off) is kept in the store
 * and shown next to the groups, as the server worded it.
 */
export function useSavePermissions() {
  const { t } = useTranslation('permissions');
  const store = usePermissionStore();
  const { save, saving } = useAppSave(store, {
    onRefusal(e) {
      if (e.status < 400 || e.status >= 500) return undefined;
      store.getState().setProblem({
        code: e.code,
        message: e.message,
        details: e.details.map((d) => ({ path: d.path, code: d.code, message: d.message })),
      });
      return null;
    },
    failedText: (message) => t('saveFailed', { message }),
  });
  return { save, saving };
}
