/**
 * A bar chart drawn on the server as SVG (no client library, works without JavaScript): one bar per year for the
 * amount due, a dashed mark for the target it converges to. The same figures are in a table beside it, which is what
 * assistive technologies read; the SVG carries a title and a one-sentence description.
 */
export type ChartPoint = { year: number; amountCents: number; targetCents: number };

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { top: 28, right: 16, bottom: 36, left: 72 };
const euros = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/** A round step for the axis: 1, 2 or 5 times a power of ten, giving about four intervals. */
function niceStep(max: number): number {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

export function ContributionChart({
  id,
  title,
  description,
  points,
}: {
  id: string;
  title: string;
  description: string;
  points: ChartPoint[];
}) {
  const maxEuros = Math.max(1, ...points.flatMap((p) => [p.amountCents, p.targetCents])) / 100;
  const step = niceStep(maxEuros);
  const top = Math.ceil(maxEuros / step) * step;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (valueEuros: number) => MARGIN.top + plotHeight - (valueEuros / top) * plotHeight;
  const slot = plotWidth / Math.max(points.length, 1);
  const barWidth = Math.min(56, slot * 0.6);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${id}-titre ${id}-description`}
      focusable="false"
    >
      <title id={`${id}-titre`}>{title}</title>
      <desc id={`${id}-description`}>{description}</desc>
      {ticks.map((tick) => (
        <g>
          <line class="chart__grid" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
          <text class="chart__label" x={MARGIN.left - 8} y={y(tick) + 4} text-anchor="end">
            {euros.format(tick)} €
          </text>
        </g>
      ))}
      {points.map((p, i) => {
        const cx = MARGIN.left + slot * i + slot / 2;
        const amount = p.amountCents / 100;
        return (
          <g>
            <rect
              class="chart__bar"
              x={cx - barWidth / 2}
              y={y(amount)}
              width={barWidth}
              height={Math.max(0, y(0) - y(amount))}
            />
            <line
              class="chart__target"
              x1={cx - barWidth / 2 - 6}
              x2={cx + barWidth / 2 + 6}
              y1={y(p.targetCents / 100)}
              y2={y(p.targetCents / 100)}
            />
            <text class="chart__value" x={cx} y={y(amount) - 6} text-anchor="middle">
              {euros.format(amount)} €
            </text>
            <text class="chart__label" x={cx} y={HEIGHT - MARGIN.bottom + 20} text-anchor="middle">
              {p.year}
            </text>
          </g>
        );
      })}
      <line class="chart__axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} />
    </svg>
  );
}
