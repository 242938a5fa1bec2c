import { useTranslation } from 'react-i18next';
import { useAppSave } from '../core/use-app-save';
import { useWorkflowStore } from './store/context';

/**
 * Publishing = the studio's save path (core/use-app-save.tsx): the server stores a new version,
 * new instances start on it while running ones keep theirs. The schema's checks run here first;
 * the server's 400 details land on their nodes like the local ones.
 */
export function usePublish() {
  const { t } = useTranslation('workflow');
  const store = useWorkflowStore();
  const { save, saving } = useAppSave(store, {
    checkLocally: true,
    savedText: (version) => t('published', { version }),
    failedText: (message) => t('publishFailed', { message }),
  });
  return { publish: save, publishing: saving };
}
