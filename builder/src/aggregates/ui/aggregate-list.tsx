import { DatabaseOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { pickText } from '@tangram/runtime';
import { App, Button, Empty, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { aggregatesOf } from '../core/commands';
import { gapsOf } from '../core/fields';
import { useAggregates, useAggregateStore } from '../store/context';
import { useEdit } from './use-edit';

/** The app's aggregate tables: select one, add one, delete one. */
export function AggregateList() {
  const { t, i18n } = useTranslation('aggregates');
  const store = useAggregateStore();
  const aggregates = useAggregates((s) => aggregatesOf(s.app));
  const selected = useAggregates((s) => s.selected);
  const edit = useEdit();
  const { modal } = App.useApp();
  const tZh = i18n.getFixedT('zh-CN', 'aggregates');
  const tEn = i18n.getFixedT('en', 'aggregates');
  const add = () => {
    const n = aggregates.length + 1;
    edit({
      type: 'addAggregate',
      // Named in both languages, so the player shows a name whatever the viewer's language.
      name: { 'zh-CN': tZh('list.newName', { n }), en: tEn('list.newName', { n }) },
      measureLabel: { 'zh-CN': tZh('list.measure'), en: tEn('list.measure') },
    });
  };
  return (
    <div className="tg-ag-list" data-testid="aggregate-list">
      <div className="tg-ag-list-head">
        <Typography.Text strong>{t('list.title')}</Typography.Text>
        <Button size="small" icon={<PlusOutlined />} onClick={add} data-testid="aggregate-add">
          {t('list.add')}
        </Button>
      </div>
      {aggregates.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} />
      ) : (
        <ul className="tg-ag-items" role="listbox" aria-label={t('list.title')}>
          {aggregates.map((a) => {
            const name = pickText(a.name, i18n.language);
            const incomplete = gapsOf(a).length > 0;
            return (
              <li
                key={a.id}
                role="option"
                aria-selected={a.id === selected}
                className={a.id === selected ? 'tg-ag-item tg-ag-item-on' : 'tg-ag-item'}
                onClick={() => store.getState().select(a.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') store.getState().select(a.id);
                }}
                tabIndex={0}
                data-testid={`aggregate-item-${a.id}`}
              >
                <DatabaseOutlined />
                <span className="tg-ag-item-name">{name}</span>
                {incomplete ? <span className="tg-ag-dot" aria-label={t('gaps.title')} /> : null}
                <Tooltip title={t('list.remove')}>
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('list.remove')}
                    onClick={(e) => {
                      e.stopPropagation();
                      modal.confirm({
                        title: t('list.removeTitle', { name }),
                        content: t('list.removeText'),
                        okButtonProps: { danger: true },
                        onOk: () => edit({ type: 'removeAggregate', aggregateId: a.id }),
                      });
                    }}
                  />
                </Tooltip>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
