import { useDraggable } from '@dnd-kit/core';
import { fieldRegistry, type PaletteGroup } from '@tangram/fields';
import { pickText } from '@tangram/runtime';
import type { FieldType } from '@tangram/schema';
import { AppstoreOutlined, FolderOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FieldIcon } from './field-icons';

const GROUPS: PaletteGroup[] = ['basic', 'advanced', 'layout'];

/** Registry types of a palette group, in registry order. */
export function typesOf(group: PaletteGroup): FieldType[] {
  return fieldRegistry.types.filter((t) => fieldRegistry.spec(t).group === group);
}

function PaletteItem({ type, onAdd }: { type: FieldType; onAdd(type: FieldType): void }) {
  const { i18n } = useTranslation('designer');
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `palette:${type}`,
    data: { kind: 'new', type },
  });
  return (
    <button
      type="button"
      ref={setNodeRef}
      className="tg-dz-palette-item"
      data-testid={`palette-${type}`}
      data-dragging={isDragging || undefined}
      onDoubleClick={() => onAdd(type)}
      {...attributes}
      {...listeners}
    >
      <FieldIcon type={type} />
      <span>{pickText(fieldRegistry.spec(type).label, i18n.language)}</span>
    </button>
  );
}

/** A section or tab group: a container that fields are dropped into. */
function ContainerItem({ kind, onAdd }: { kind: 'section' | 'tabs'; onAdd(kind: 'section' | 'tabs'): void }) {
  const { t } = useTranslation('designer');
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `palette:container:${kind}`,
    data: { kind: 'container', container: kind },
  });
  return (
    <button
      type="button"
      ref={setNodeRef}
      className="tg-dz-palette-item"
      data-testid={`palette-${kind}`}
      data-dragging={isDragging || undefined}
      onDoubleClick={() => onAdd(kind)}
      {...attributes}
      {...listeners}
    >
      {kind === 'section' ? <FolderOutlined /> : <AppstoreOutlined />}
      <span>{t(`layout.${kind}`)}</span>
    </button>
  );
}

/** Every field type of the registry, grouped as Jiandaoyun groups them; drag onto the canvas or double-click to append. */
export function Palette({
  onAdd,
  onAddContainer,
}: {
  onAdd(type: FieldType): void;
  onAddContainer?(kind: 'section' | 'tabs'): void;
}) {
  const { t } = useTranslation('designer');
  return (
    <nav className="tg-dz-palette" aria-label={t('palette.title')} data-testid="palette">
      {GROUPS.map((group) => (
        <section key={group} data-testid={`palette-group-${group}`}>
          <Typography.Text type="secondary" className="tg-dz-palette-title">
            {t(`palette.${group}`)}
          </Typography.Text>
          <div className="tg-dz-palette-grid">
            {group === 'layout' && onAddContainer ? (
              <>
                <ContainerItem kind="section" onAdd={onAddContainer} />
                <ContainerItem kind="tabs" onAdd={onAddContainer} />
              </>
            ) : null}
            {typesOf(group).map((type) => (
              <PaletteItem key={type} type={type} onAdd={onAdd} />
            ))}
          </div>
        </section>
      ))}
    </nav>
  );
}
