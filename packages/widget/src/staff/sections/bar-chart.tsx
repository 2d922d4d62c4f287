// A small accessible bar chart in SVG: one horizontal bar per row with its label and value, named
// by its caption, with the same figures in a data table for screen readers and for reading.

import type { JSX } from "preact";

/** One bar. */
export interface Bar {
  label: string;
  value: number;
  /** The value as shown (formatted money, a percentage…). */
  shown: string;
}

const WIDTH = 360;
const LABEL = 120;
const VALUE = 80;
const ROW = 26;

/**
 * A horizontal bar chart (SVG, `role="img"` named by its caption) followed by its data table.
 *
 * @example
 * <BarChart id="status" title="Visits by status" bars={[{ label: "Completed", value: 12, shown: "12" }]}
 *   tableLabel="Data table" columns={["Status", "Visits"]} />
 */
export function BarChart(props: {
  id: string;
  title: string;
  bars: readonly Bar[];
  tableLabel: string;
  columns: [string, string];
}): JSX.Element {
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const height = Math.max(ROW, props.bars.length * ROW);
  const span = WIDTH - LABEL - VALUE;
  const summary = props.bars.map((b) => `${b.label} ${b.shown}`).join(", ");
  return (
    <figure aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>{props.title}</figcaption>
      <svg
        role="img"
        aria-label={`${props.title}: ${summary}`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ maxWidth: `${WIDTH * 1.5}px` }}
      >
        {props.bars.map((b, i) => {
          const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * span);
          const y = i * ROW;
          return (
            <g key={b.label}>
              <text x={LABEL - 6} y={y + ROW / 2 + 4} text-anchor="end">
                {b.label.length > 18 ? `${b.label.slice(0, 17)}…` : b.label}
              </text>
              <rect x={LABEL} y={y + 4} width={w} height={ROW - 8} fill="#0b5cad" rx={2} />
              <text x={LABEL + w + 6} y={y + ROW / 2 + 4}>
                {b.shown}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{props.tableLabel}</summary>
        <table>
          <caption class="bw-sr">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.columns[0]}</th>
              <th scope="col" class="bw-x-num">
                {props.columns[1]}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td class="bw-x-num">{b.shown}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
