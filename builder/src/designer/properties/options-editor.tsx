import { DeleteOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  SortableContext,
  arrayMove,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { SelectOption } from '@tangram/schema';
import { Button, Input, Popover } from 'antd';
import { useTranslation } from 'react-i18next';

/** Option colours as Jiandaoyun offers them: soft tags readable on white. */
export const OPTION_COLORS = [
  '#4263eb',
  '#12b886',
  '#fab005',
  '#fa5252',
  '#7950f2',
  '#15aabf',
  '#fd7e14',
  '#868e96',
];

function ColorDot({ value, onChange }: { value?: string; onChange(c: string | undefined): void }) {
  const { t } = useTranslation('designer');
  return (
    <Popover
      trigger="click"
      content={
        <div className="tg-dz-colors">
          {OPTION_COLORS.map((c) => (
            <button
              key={c}
              type="button"
              className="tg-dz-color"
              style={{ background: c }}
              aria-label={c}
              onClick={() => onChange(c)}
            />
          ))}
          <button
            type="button"
            className="tg-dz-color tg-dz-color-none"
            aria-label={t('options.noColor')}
            onClick={() => onChange(undefined)}
          />
        </div>
      }
    >
      <button
        type="button"
        className="tg-dz-color"
        style={{ background: value ?? '#dee2e6' }}
        aria-label={t('options.color')}
      />
    </Popover>
  );
}

function OptionRow({
  option,
  onChange,
  onRemove,
}: {
  option: SelectOption;
  onChange(o: SelectOption): void;
  onRemove(): void;
}) {
  const { t } = useTranslation('designer');
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id: option.value });
  return (
    <div
      ref={setNodeRef}
      className="tg-dz-option-row"
      style={{ transform: CSS.Transform.toString(transform), transition }}
    >
      <span className="tg-dz-grip" {...attributes} {...listeners} aria-label={t('options.reorder')}>
        <HolderOutlined />
      </span>
      <ColorDot value={option.color} onChange={(color) => onChange({ ...option, color })} />
      <Input
        size="small"
        value={option.label['zh-CN'] ?? ''}
        placeholder={t('props.inChinese')}
        aria-label={t('props.inChinese')}
        onChange={(e) => onChange({ ...option, label: { ...option.label, 'zh-CN': e.target.value } })}
      />
      <Input
        size="small"
        value={option.label.en ?? ''}
        placeholder={t('props.inEnglish')}
        aria-label={t('props.inEnglish')}
        onChange={(e) => onChange({ ...option, label: { ...option.label, en: e.target.value } })}
      />
      <Button
        size="small"
        type="text"
        icon={<DeleteOutlined />}
        onClick={onRemove}
        aria-label={t('options.remove')}
      />
    </div>
  );
}

/** Options of a choice field: labels in both languages, colours, drag (or keyboard) reordering. */
export function OptionsEditor({
  options,
  onChange,
}: {
  options: SelectOption[];
  onChange(o: SelectOption[]): void;
}) {
  const { t } = useTranslation('designer');
  const sensors = useSensors(
    useSensor(PointerSensor),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = options.findIndex((o) => o.value === active.id);
    const to = options.findIndex((o) => o.value === over.id);
    onChange(arrayMove(options, from, to));
  };
  const add = () => {
    let n = options.length + 1;
    while (options.some((o) => o.value === `option${n}`)) n++;
    onChange([...options, { value: `option${n}`, label: { 'zh-CN': `选项${n}`, en: `Option ${n}` } }]);
  };
  return (
    <div className="tg-dz-options-editor" data-testid="options-editor">
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onEnd}>
        <SortableContext items={options.map((o) => o.value)} strategy={verticalListSortingStrategy}>
          {options.map((o, i) => (
            <OptionRow
              key={o.value}
              option={o}
              onChange={(next) => onChange(options.map((x, j) => (j === i ? next : x)))}
              onRemove={() => onChange(options.filter((_, j) => j !== i))}
            />
          ))}
        </SortableContext>
      </DndContext>
      <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={add} block>
        {t('options.add')}
      </Button>
    </div>
  );
}
