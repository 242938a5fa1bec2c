import type { Conversion } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import type { AppDefinition } from '@tangram/schema';
import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSave } from '../../core/use-app-save';
import { useEditorStore } from '../store/context';
import { ConversionList } from './data-loss';
import { typeChanges } from './type-changes';

const isConversions = (v: unknown): v is Conversion[] =>
  Array.isArray(v) && v.every((c) => typeof c === 'object' && c !== null && 'fieldId' in c && 'failing' in c);

/**
 * The form designer's save: the studio's save path (core/use-app-save.tsx) plus one step of its
 * own — when a field's type changed, the server previews the conversion first, and values that
 * would be emptied are shown with "convert anyway" before anything is stored.
 */
export function useSave() {
  const { t } = useTranslation('designer');
  const client = useClient();
  const store = useEditorStore();
  const { modal } = App.useApp();

  // `app` is passed in, not read from the store later: the list shows the definition being saved.
  const askDataLoss = useCallback(
    (conversions: Conversion[], app: AppDefinition, convert: () => Promise<number | null>) =>
      new Promise<number | null>((resolve) => {
        modal.confirm({
          width: 640,
          title: t('save.dataLossTitle'),
          content: <ConversionList conversions={conversions} app={app} />,
          okText: t('save.convertAnyway'),
          okButtonProps: { danger: true, id: 'convert-anyway' },
          cancelText: t('save.cancel'),
          onOk: () => convert().then(resolve),
          onCancel: () => resolve(null),
        });
      }),
    [modal, t],
  );

  const convert = (): Promise<number | null> => send({ confirmDataLoss: true });
  const {
    save: send,
    saving,
    reload,
  } = useAppSave(store, {
    checkLocally: true,
    async prepare(state, options): Promise<number | null | undefined> {
      if (options.confirmDataLoss || !typeChanges(state.saved, state.app).length) return undefined;
      const { conversions } = await client.apps.previewChange(state.app.id, state.app);
      const failing = conversions.filter((c) => c.failingCount > 0);
      if (!failing.length) return undefined;
      return askDataLoss(failing, state.app, convert);
    },
    onRefusal(e, state): Promise<number | null> | undefined {
      if (e.code !== 'data_loss' || !isConversions(e.rawDetails)) return undefined;
      return askDataLoss(e.rawDetails, state.app, convert);
    },
  });

  const save = useCallback(async () => (await send()) !== null, [send]);
  return { save, saving, reload };
}
