import { DndContext } from '@dnd-kit/core';
import { LoadError, Loading, pickText, useAsync, useClient } from '@tangram/runtime';
import { Alert, Button, Empty, Modal } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FlowCanvas } from '../canvas/flow-canvas';
import { LayoutError, toFlowTree } from '../core/flow-tree';
import type { OrgDirectory } from '../directory';
import { createNodeTypes } from '../node-types';
import { workflowOf } from '../store/workflow-store';

/**
 * An old version's workflow of this form, drawn read-only (`GET /apps/:app/versions/:version`),
 * with a way to restore it. Nothing here touches the designer's document.
 */
export function VersionView({
  appId,
  formId,
  version,
  directory,
  onClose,
  onRestore,
}: {
  appId: string;
  formId: string;
  version: number;
  directory: OrgDirectory;
  onClose(): void;
  onRestore(version: number): void;
}) {
  const { t, i18n } = useTranslation('workflow');
  const client = useClient();
  const [registry] = useState(createNodeTypes);
  const loaded = useAsync(() => client.apps.version(appId, version), [client, appId, version]);
  const view = useMemo(() => {
    const app = loaded.data?.app;
    if (!app) return null;
    const form = app.forms.find((f) => f.id === formId);
    const wf = workflowOf(app, formId);
    if (!form || !wf) return { form, wf, tree: null };
    try {
      return { form, wf, tree: toFlowTree(wf) };
    } catch (e) {
      if (e instanceof LayoutError) return { form, wf, tree: null, error: e.message };
      throw e;
    }
  }, [loaded.data, formId]);

  let body = <Loading />;
  if (loaded.error) body = <LoadError error={loaded.error} onRetry={loaded.reload} />;
  else if (view && (!view.form || !view.wf))
    body = <Empty description={t('versions.noWorkflow')} style={{ padding: 48 }} />;
  else if (view?.error)
    body = <Alert type="error" showIcon message={t('notStructured', { message: view.error })} />;
  else if (view?.tree && view.form && view.wf)
    body = (
      <DndContext>
        <FlowCanvas
          readOnly
          tree={view.tree}
          form={view.form}
          registry={registry}
          names={directory}
          issues={new Map()}
          selection={null}
          workflowId={view.wf.id}
          select={() => undefined}
          dispatch={() => undefined}
        />
      </DndContext>
    );

  return (
    <Modal
      open
      width="min(1100px, 94vw)"
      title={`${t('canvas.readOnly', { version })}${view?.wf ? ` · ${pickText(view.wf.name, i18n.language)}` : ''}`}
      onCancel={onClose}
      footer={[
        <Button key="close" onClick={onClose}>
          {t('versions.close')}
        </Button>,
        <Button key="restore" type="primary" onClick={() => onRestore(version)} data-testid="view-restore">
          {t('versions.restore')}
        </Button>,
      ]}
      data-testid="version-view"
    >
      <div className="tg-wfd-version-view" data-testid="version-view-canvas">
        {body}
      </div>
    </Modal>
  );
}
