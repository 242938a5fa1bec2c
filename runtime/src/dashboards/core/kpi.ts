import type { Comparison } from './widget-result';

/** How a KPI's change against the comparison period is shown. */
export interface KpiChange {
  direction: 'up' | 'down' | 'flat';
  /** "+25%", "−12.5%", "0%"; "—" when there is no previous value to compare with. */
  percent: string;
  /** Green for a rise, red for a fall, grey when flat or unknown. */
  tone: 'good' | 'bad' | 'neutral';
  previous: number | null;
  delta: number | null;
}

/** The change of measure `key` in a comparison answer, ready to draw (null when it is not there). */
export function kpiChange(comparison: Comparison | undefined, key: string, locale: string): KpiChange | null {
  const m = comparison?.measures[key];
  if (!m) return null;
  const { deltaPercent, delta, previous } = m;
  const sign = delta === null ? 0 : Math.sign(delta);
  const direction = sign > 0 ? 'up' : sign < 0 ? 'down' : 'flat';
  const fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent =
    deltaPercent === null
      ? '—'
      : `${deltaPercent > 0 ? '+' : deltaPercent < 0 ? '−' : ''}${fmt.format(Math.abs(deltaPercent))}%`;
  return {
    direction,
    percent,
    tone: direction === 'up' ? 'good' : direction === 'down' ? 'bad' : 'neutral',
    previous,
    delta,
  };
}
