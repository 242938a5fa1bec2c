import { Col, Collapse, Grid, Row, Tabs } from 'antd';
import type { FieldDefinition, FormDefinition, LayoutNode } from '@tangram/schema';
import type { ProfilerOnRenderCallback, ReactNode } from 'react';
import { pickText } from '../../core/i18n-text';
import { FieldItem } from './field-item';

/** Field ids placed anywhere in a layout. */
function placed(items: readonly LayoutNode[], out = new Set<string>()): Set<string> {
  for (const item of items) {
    if (item.kind === 'row') item.cells.forEach((c) => out.add(c.field));
    else if (item.kind === 'section') placed(item.items, out);
    else item.tabs.forEach((t) => placed(t.items, out));
  }
  return out;
}

interface LayoutProps {
  form: FormDefinition;
  lang: string;
  onRender?: ProfilerOnRenderCallback;
}

/**
 * The form's layout: rows on a 24-column grid (one column on phones), collapsible sections and
 * tabs; fields the layout does not place are appended in definition order, one per row.
 */
export function FormLayout({ form, lang, onRender }: LayoutProps) {
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const byId = new Map(form.fields.map((f) => [f.id, f]));
  const items = form.layout?.items ?? [];
  const used = placed(items);
  const rest = form.fields.filter((f) => !used.has(f.id));

  const renderField = (field: FieldDefinition, span = 24) => (
    <Col key={field.id} span={phone ? 24 : span}>
      <FieldItem field={field} onRender={onRender} />
    </Col>
  );
  const render = (nodes: readonly LayoutNode[]): ReactNode =>
    nodes.map((node, i) => {
      if (node.kind === 'row') {
        const cells = node.cells.filter((c) => byId.has(c.field));
        const even = Math.floor(24 / Math.max(cells.length, 1));
        return (
          <Row key={`row-${i}`} gutter={16} className="tg-form-row">
            {cells.map((c) => renderField(byId.get(c.field)!, c.span ?? even))}
          </Row>
        );
      }
      if (node.kind === 'section') {
        return (
          <Collapse
            key={node.id}
            className="tg-form-section"
            defaultActiveKey={node.collapsed ? [] : [node.id]}
            items={[
              {
                key: node.id,
                label: pickText(node.title, lang),
                children: render(node.items),
                forceRender: true,
              },
            ]}
          />
        );
      }
      return (
        <Tabs
          key={node.id}
          className="tg-form-tabs"
          items={node.tabs.map((t) => ({
            key: t.id,
            label: pickText(t.title, lang),
            children: render(t.items),
            forceRender: true,
          }))}
        />
      );
    });
  return (
    <div className="tg-form-layout">
      {render(items)}
      {rest.length ? <Row gutter={16}>{rest.map((f) => renderField(f))}</Row> : null}
    </div>
  );
}
