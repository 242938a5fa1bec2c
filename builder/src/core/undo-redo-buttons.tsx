/**
 * Undo and redo buttons every studio designer shows in its top bar, over its document store
 * (document-store.ts): disabled when there is nothing to undo or redo, with the shortcut in the
 * tooltip. Texts come from the designer's namespace (`undo`, `redo`).
 */
import { RedoOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStore, type StoreApi } from 'zustand';

interface HistoryStore {
  past: readonly unknown[];
  future: readonly unknown[];
  undo(): void;
  redo(): void;
}

/** The modifier key of shortcuts as the user's keyboard labels it. */
export const shortcutModifier = (): string => (/Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+');

export function UndoRedoButtons({
  store,
  namespace,
  testIdPrefix,
}: {
  store: StoreApi<HistoryStore>;
  namespace: string;
  /** Prefix of the buttons' test ids (`<prefix>undo`, `<prefix>redo`). */
  testIdPrefix: string;
}) {
  const { t } = useTranslation(namespace);
  const canUndo = useStore(store, (s) => s.past.length > 0);
  const canRedo = useStore(store, (s) => s.future.length > 0);
  const mod = shortcutModifier();
  return (
    <>
      <Tooltip title={`${t('undo')} (${mod}Z)`}>
        <Button
          type="text"
          icon={<UndoOutlined />}
          disabled={!canUndo}
          onClick={() => store.getState().undo()}
          aria-label={t('undo')}
          data-testid={`${testIdPrefix}undo`}
        />
      </Tooltip>
      <Tooltip title={`${t('redo')} (${mod}⇧Z)`}>
        <Button
          type="text"
          icon={<RedoOutlined />}
          disabled={!canRedo}
          onClick={() => store.getState().redo()}
          aria-label={t('redo')}
          data-testid={`${testIdPrefix}redo`}
        />
      </Tooltip>
    </>
  );
}
