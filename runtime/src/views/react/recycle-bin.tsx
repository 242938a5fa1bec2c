import { DeleteOutlined, RestOutlined, UndoOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Drawer, Empty, List, Space, Typography } from 'antd';
import type { FormDefinition, RecordDto } from '@tangram/client';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { pickText } from '../../core/i18n-text';
import { useClient } from '../../react/context';
import { formatSystem, type Directory } from '../core/format-cell';
import { recordTitle } from './record-drawer';
import { fill, useViewTexts } from './texts';

const PAGE = 30;

interface RecycleBinProps {
  appId: string;
  form: FormDefinition;
  open: boolean;
  directory: Directory;
  /** App admins may also delete permanently; the server enforces it too. */
  canPurge: boolean;
  onClose(): void;
  /** A record came back: the table shows it again. */
  onRestored(record: RecordDto): void;
}

/**
 * The form's recycle bin (what the delete dialog promises): deleted records the user may restore,
 * newest first, with restore for those who may delete and permanent deletion for app admins.
 */
export function RecycleBin({ appId, form, open, directory, canPurge, onClose, onRestored }: RecycleBinProps) {
  const { tx, lang } = useViewTexts();
  const client = useClient();
  const { message, modal } = AntApp.useApp();
  const [items, setItems] = useState<RecordDto[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = { appId, formId: form.id };

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await client.records.deleted(
          { appId, formId: form.id },
          { limit: PAGE, ...(after ? { cursor: after } : {}) },
        );
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [client, appId, form.id],
  );
  useEffect(() => {
    if (open) void load(null);
  }, [open, load]);

  const drop = (id: string) => setItems((prev) => prev.filter((r) => r.id !== id));
  const restore = async (record: RecordDto) => {
    try {
      const restored = await client.records.restore(ref, record.id);
      drop(record.id);
      onRestored(restored);
      void message.success(tx.restoredOne);
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  const purge = (record: RecordDto) =>
    modal.confirm({
      title: tx.purgeConfirm,
      content: recordTitle(form, record, lang, directory, tx.noAccess),
      okText: tx.purge,
      okButtonProps: { danger: true },
      cancelText: tx.cancel,
      onOk: async () => {
        try {
          await client.records.purge(ref, record.id);
          drop(record.id);
          void message.success(tx.purgedOne);
        } catch (e) {
          void message.error((e as Error).message);
        }
      },
    });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={fill(tx.recycleBinTitle, { form: pickText(form.name, lang) })}
      width={560}
      destroyOnHidden
    >
      <div data-testid="recycle-bin">
        <Typography.Paragraph type="secondary">{tx.recycleBinHint}</Typography.Paragraph>
        {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
        <List
          loading={loading && items.length === 0}
          dataSource={items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tx.recycleEmpty} /> }}
          renderItem={(record) => (
            <List.Item
              data-testid="recycle-item"
              actions={[
                <Button
                  key="restore"
                  size="small"
                  icon={<UndoOutlined />}
                  onClick={() => void restore(record)}
                  data-testid="recycle-restore"
                >
                  {tx.restore}
                </Button>,
                ...(canPurge
                  ? [
                      <Button
                        key="purge"
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => purge(record)}
                        data-testid="recycle-purge"
                      >
                        {tx.purge}
                      </Button>,
                    ]
                  : []),
              ]}
            >
              <List.Item.Meta
                title={recordTitle(form, record, lang, directory, tx.noAccess)}
                description={
                  <Space size={12} wrap>
                    <span>
                      {tx.deletedAt}
                      {tx.colon}
                      {record.deletedAt ? dayjs(record.deletedAt).format('YYYY-MM-DD HH:mm') : ''}
                    </span>
                    <span>
                      {tx.deletedBy}
                      {tx.colon}
                      {formatSystem('updatedBy', record.updatedBy, directory)}
                    </span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
        {cursor ? (
          <Button block loading={loading} onClick={() => void load(cursor)} data-testid="recycle-more">
            {tx.loadMore}
          </Button>
        ) : null}
      </div>
    </Drawer>
  );
}

/** The data view's entry to the recycle bin. */
export function RecycleBinButton({ wide, onClick }: { wide: boolean; onClick(): void }) {
  const { tx } = useViewTexts();
  return (
    <Button
      icon={<RestOutlined />}
      onClick={onClick}
      data-testid="recycle-bin-button"
      aria-label={tx.recycleBin}
    >
      {wide ? tx.recycleBin : null}
    </Button>
  );
}
