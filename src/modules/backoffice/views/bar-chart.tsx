import { formatNumber } from '../../../platform/views/format.ts';

export type Bar = { label: string; value: number; display?: string };

/**
 * A bar chart drawn on the server as SVG, for sighted readers; screen readers get its title and are pointed to the
 * data table every chart sits beside (the table is the reference, the chart an illustration).
 */
export function BarChart({
  id,
  title,
  bars,
  orientation = 'vertical',
}: {
  id: string;
  title: string;
  bars: Bar[];
  orientation?: 'vertical' | 'horizontal';
}) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const text = (b: Bar) => b.display ?? formatNumber(b.value);
  if (orientation === 'horizontal') {
    const row = 28;
    const labelWidth = 200;
    const width = 560;
    const height = Math.max(row, bars.length * row) + 8;
    const scale = (v: number) => ((width - labelWidth - 60) * v) / max;
    return (
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-labelledby={`${id}-titre ${id}-desc`}
      >
        <title id={`${id}-titre`}>{title}</title>
        <desc id={`${id}-desc`}>Les valeurs exactes figurent dans le tableau qui accompagne ce graphique.</desc>
        {bars.map((b, i) => (
          <g>
            <text class="gru-chart__label" x={labelWidth - 6} y={i * row + 18} text-anchor="end">
              {b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label}
            </text>
            <rect
              class="gru-chart__bar"
              x={labelWidth}
              y={i * row + 5}
              width={Math.max(1, scale(b.value))}
              height={row - 10}
            />
            <text class="gru-chart__label" x={labelWidth + scale(b.value) + 6} y={i * row + 18}>
              {text(b)}
            </text>
          </g>
        ))}
      </svg>
    );
  }
  const width = 640;
  const height = 240;
  const bottom = 30;
  const top = 20;
  const slot = width / Math.max(1, bars.length);
  const scale = (v: number) => ((height - bottom - top) * v) / max;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-labelledby={`${id}-titre ${id}-desc`}
    >
      <title id={`${id}-titre`}>{title}</title>
      <desc id={`${id}-desc`}>Les valeurs exactes figurent dans le tableau qui accompagne ce graphique.</desc>
      <line class="gru-chart__axis" x1={0} y1={height - bottom} x2={width} y2={height - bottom} />
      {bars.map((b, i) => {
        const h = scale(b.value);
        const x = i * slot + slot * 0.15;
        return (
          <g>
            <rect class="gru-chart__bar" x={x} y={height - bottom - h} width={slot * 0.7} height={Math.max(0, h)} />
            <text class="gru-chart__label" x={x + slot * 0.35} y={height - bottom - h - 4} text-anchor="middle">
              {b.value > 0 ? text(b) : ''}
            </text>
            <text class="gru-chart__label" x={x + slot * 0.35} y={height - 10} text-anchor="middle">
              {b.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
