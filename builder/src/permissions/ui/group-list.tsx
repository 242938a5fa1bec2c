import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CopyOutlined,
  DeleteOutlined,
  EditOutlined,
  MoreOutlined,
  PlusOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { pickText } from '@tangram/runtime';
import { App, Button, Dropdown, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgDirectory } from '../../workflow/directory';
import { nextGroupId } from '../core/commands';
import { selectForm, selectGroups, usePermissions, usePermissionStore } from '../store/context';
import { actionsText, membersText } from './summary';

/** The form's groups in order: select, add, rename, duplicate, delete, move up and down. */
export function GroupList({ directory, onRename }: { directory: OrgDirectory; onRename(): void }) {
  const { t, i18n } = useTranslation('permissions');
  const { modal } = App.useApp();
  const store = usePermissionStore();
  const form = usePermissions(selectForm);
  const groups = usePermissions(selectGroups);
  const selected = usePermissions((s) => s.selectedGroup);
  const lang = i18n.language;
  const formId = form.id;

  const add = () => {
    const id = nextGroupId(form);
    const n = id.slice('group_'.length);
    // Both languages get a name, so the group reads well whichever the user picks later.
    const name = {
      'zh-CN': t('groups.newName', { n, lng: 'zh-CN' }),
      en: t('groups.newName', { n, lng: 'en' }),
    };
    if (store.getState().dispatch({ type: 'addGroup', formId, name }).ok) store.getState().select(id);
  };
  const duplicate = (groupId: string) => {
    const id = nextGroupId(form);
    const suffix = {
      'zh-CN': t('groups.copySuffix', { lng: 'zh-CN' }),
      en: t('groups.copySuffix', { lng: 'en' }),
    };
    if (store.getState().dispatch({ type: 'duplicateGroup', formId, groupId, suffix }).ok)
      store.getState().select(id);
  };
  const remove = (groupId: string, name: string) =>
    modal.confirm({
      title: t('groups.deleteTitle', { name }),
      content: t('groups.deleteText'),
      okText: t('groups.delete'),
      okButtonProps: { danger: true, id: 'group-delete-ok' },
      onOk: () => {
        store.getState().dispatch({ type: 'removeGroup', formId, groupId });
      },
    });

  return (
    <div className="tg-pd-list" data-testid="group-list">
      <div className="tg-pd-list-head">
        <Typography.Text strong>{t('groups.title')}</Typography.Text>
        <Button size="small" type="primary" icon={<PlusOutlined />} onClick={add} data-testid="add-group">
          {t('groups.add')}
        </Button>
      </div>
      {groups.length === 0 ? (
        <Typography.Paragraph type="secondary" className="tg-pd-hint" data-testid="no-groups">
          {t('groups.none')}
        </Typography.Paragraph>
      ) : null}
      <ul className="tg-pd-groups">
        {groups.map((g, i) => {
          const name = pickText(g.name, lang) || g.id;
          return (
            <li
              key={g.id}
              className={g.id === selected ? 'tg-pd-group is-selected' : 'tg-pd-group'}
              data-testid={`group-item-${g.id}`}
            >
              <button
                type="button"
                className="tg-pd-group-main"
                onClick={() => store.getState().select(g.id)}
                aria-pressed={g.id === selected}
              >
                <TeamOutlined className="tg-pd-group-icon" />
                <span className="tg-pd-group-text">
                  <Typography.Text strong ellipsis data-testid="group-name">
                    {name}
                  </Typography.Text>
                  <Typography.Text type="secondary" ellipsis className="tg-pd-group-summary">
                    {t('groups.summary', {
                      members: membersText(t, g.members, directory),
                      actions: g.actions.length ? actionsText(t, g.actions) : t('groups.noActions'),
                    })}
                  </Typography.Text>
                </span>
              </button>
              <span className="tg-pd-group-tools">
                <Button
                  type="text"
                  size="small"
                  icon={<ArrowUpOutlined />}
                  disabled={i === 0}
                  aria-label={`${t('groups.up')}: ${name}`}
                  onClick={() =>
                    store.getState().dispatch({ type: 'moveGroup', formId, groupId: g.id, to: i - 1 })
                  }
                />
                <Button
                  type="text"
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={i === groups.length - 1}
                  aria-label={`${t('groups.down')}: ${name}`}
                  onClick={() =>
                    store.getState().dispatch({ type: 'moveGroup', formId, groupId: g.id, to: i + 1 })
                  }
                />
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      { key: 'rename', icon: <EditOutlined />, label: t('groups.rename') },
                      { key: 'duplicate', icon: <CopyOutlined />, label: t('groups.duplicate') },
                      { key: 'delete', icon: <DeleteOutlined />, label: t('groups.delete'), danger: true },
                    ],
                    onClick: ({ key }) => {
                      if (key === 'rename') {
                        store.getState().select(g.id);
                        onRename();
                      } else if (key === 'duplicate') duplicate(g.id);
                      else remove(g.id, name);
                    },
                  }}
                >
                  <Button
                    type="text"
                    size="small"
                    icon={<MoreOutlined />}
                    aria-label={`${t('groups.more')}: ${name}`}
                    data-testid={`group-more-${g.id}`}
                  />
                </Dropdown>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
