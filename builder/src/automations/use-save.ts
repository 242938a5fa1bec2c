import { useTranslation } from 'react-i18next';
import { useAppSave } from '../core/use-app-save';
import { useAutomationStore } from './store/context';

/**
 * Saving = the studio's save path (core/use-app-save.tsx): the whole app as a new version. The
 * server's definition checks (checkAutomations) come back as issues with JSON pointers, which
 * the editor shows beside the automation and the action they name.
 */
export function useSaveAutomations() {
  const { t } = useTranslation('automations');
  const store = useAutomationStore();
  return useAppSave(store, {
    savedText: (version) => t('saved', { version }),
    failedText: (message) => t('saveFailed', { message }),
  });
}
