import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import type { ChartWidget, FormDefinition } from '@tangram/schema';
import { measureLabel, measureText } from '../core/chart-option';
import { kpiChange } from '../core/kpi';
import { shownMeasures, type WidgetResult } from '../core/widget-result';
import { fillText, useDashboardTexts } from './texts';

const ARROWS = { up: <ArrowUpOutlined />, down: <ArrowDownOutlined />, flat: <MinusOutlined /> } as const;

/**
 * A KPI: the first shown measure large, the others smaller beside it; with a comparison, each
 * number gets an arrow, the change in percent (green up, red down) and the previous value.
 */
export function KpiBody({
  widget,
  form,
  result,
}: {
  widget: ChartWidget;
  form: FormDefinition | undefined;
  result: WidgetResult;
}) {
  const { tx, lang } = useDashboardTexts();
  const row = result.rows[0] ?? {};
  const comparison = result.comparison;
  const ctx = { form, lang };
  const periodText = comparison?.period === 'lastYear' ? tx.vsLastYear : tx.vsPrevious;
  return (
    <div className="tg-kpi">
      {shownMeasures(widget).map((m, i) => {
        const change = kpiChange(comparison, m.as, lang);
        return (
          <div key={m.as} className={i === 0 ? 'tg-kpi-main' : 'tg-kpi-extra'}>
            <div
              className="tg-kpi-value"
              data-testid={`kpi-${m.as}`}
              style={m.color ? { color: m.color } : undefined}
            >
              {measureText(widget, m, row[m.as], ctx)}
            </div>
            <div className="tg-kpi-label">{measureLabel(m, form, lang)}</div>
            {change && comparison ? (
              <Tooltip
                title={fillText(tx.comparedRange, {
                  from: comparison.previous.from,
                  to: comparison.previous.to,
                  current: `${comparison.current.from} ~ ${comparison.current.to}`,
                })}
              >
                <div className={`tg-kpi-change tg-kpi-${change.tone}`} data-testid={`kpi-change-${m.as}`}>
                  <span className="tg-kpi-delta">
                    {change.delta === null ? null : ARROWS[change.direction]} {change.percent}
                  </span>
                  <span className="tg-kpi-prev">
                    {periodText} {measureText(widget, m, change.previous, ctx)}
                  </span>
                </div>
              </Tooltip>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
