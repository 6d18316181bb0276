import type { WorkflowDefinition } from '../../workflows/index.ts';

const BOX_W = 170;
const BOX_H = 46;
const COL_GAP = 90;
const ROW_GAP = 34;
const MARGIN = 16;

const cut = (text: string, max = 22) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Statuses placed in columns by their distance from the initial one (those nothing reaches go last). */
export function layoutStatuses(workflow: WorkflowDefinition): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>([[workflow.initial, 0]]);
  const queue = [workflow.initial];
  for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
    const status = workflow.statuses.find((s) => s.key === key);
    const next = [
      ...workflow.transitions.filter((t) => t.from === key).map((t) => t.to),
      ...(status?.timers.map((t) => t.to) ?? []),
    ];
    for (const to of next)
      if (!depth.has(to) && workflow.statuses.some((s) => s.key === to)) {
        depth.set(to, (depth.get(key) ?? 0) + 1);
        queue.push(to);
      }
  }
  const last = Math.max(0, ...depth.values()) + 1;
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  for (const status of workflow.statuses) {
    const column = depth.get(status.key) ?? last;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions.set(status.key, { x: MARGIN + column * (BOX_W + COL_GAP), y: MARGIN + row * (BOX_H + ROW_GAP) });
  }
  return positions;
}

/**
 * The workflow as a diagram drawn on the server (no script): a box per status, an arrow per transition, dashed for
 * timed jumps. Its words are in the list that follows it, which is what a screen reader is pointed to.
 */
export function WorkflowDiagram({ workflow, describedBy }: { workflow: WorkflowDefinition; describedBy: string }) {
  const positions = layoutStatuses(workflow);
  const all = [...positions.values()];
  const width = Math.max(...all.map((p) => p.x)) + BOX_W + MARGIN;
  const height = Math.max(...all.map((p) => p.y)) + BOX_H + MARGIN;
  const edge = (from: string, to: string) => {
    const a = positions.get(from);
    const b = positions.get(to);
    if (!a || !b) return null;
    const forward = b.x > a.x;
    const x1 = forward ? a.x + BOX_W : a.x + BOX_W / 2;
    const y1 = forward ? a.y + BOX_H / 2 : a.y + BOX_H;
    const x2 = forward ? b.x : b.x + BOX_W / 2;
    const y2 = forward ? b.y + BOX_H / 2 : b.y + (b.y > a.y ? 0 : BOX_H);
    return { x1, y1, x2, y2 };
  };
  return (
    <svg
      class="workflow-diagram"
      role="img"
      aria-labelledby="schema-titre"
      aria-describedby={describedBy}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
    >
      <title id="schema-titre">Schéma du circuit « {workflow.label} »</title>
      <defs>
        <marker
          id="fleche"
          viewBox="0 0 10 10"
          refX="10"
          refY="5"
          markerWidth="8"
          markerHeight="8"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#1d1d1b" />
        </marker>
      </defs>
      {workflow.transitions.map((t) => {
        const line = edge(t.from, t.to);
        if (!line) return null;
        return (
          <g>
            <line {...line} stroke="#1d1d1b" stroke-width="1.5" marker-end="url(#fleche)" />
            <text
              x={(line.x1 + line.x2) / 2}
              y={(line.y1 + line.y2) / 2 - 4}
              font-size="11"
              text-anchor="middle"
              fill="#1d1d1b"
            >
              {cut(t.label, 18)}
            </text>
          </g>
        );
      })}
      {workflow.statuses.flatMap((s) =>
        s.timers.map((timer) => {
          const line = edge(s.key, timer.to);
          return line ? (
            <line {...line} stroke="#6a4c00" stroke-width="1.5" stroke-dasharray="5 4" marker-end="url(#fleche)" />
          ) : null;
        }),
      )}
      {workflow.statuses.map((s) => {
        const p = positions.get(s.key);
        if (!p) return null;
        return (
          <g>
            <rect
              x={p.x}
              y={p.y}
              width={BOX_W}
              height={BOX_H}
              rx="6"
              fill={s.key === workflow.initial ? '#e3f0fa' : s.final ? '#eaf5ea' : '#ffffff'}
              stroke="#1d1d1b"
              stroke-width={s.final ? '3' : '1.5'}
            />
            <text x={p.x + BOX_W / 2} y={p.y + BOX_H / 2 + 4} font-size="13" text-anchor="middle" fill="#1d1d1b">
              {cut(s.label)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The same workflow in words: the diagram's text alternative. */
export function WorkflowInWords({ workflow, id }: { workflow: WorkflowDefinition; id: string }) {
  const label = (key: string) => workflow.statuses.find((s) => s.key === key)?.label ?? key;
  return (
    <div id={id}>
      <p>
        La demande commence au statut « {label(workflow.initial)} ». Statuts finaux :{' '}
        {workflow.statuses
          .filter((s) => s.final)
          .map((s) => `« ${s.label} »`)
          .join(', ') || 'aucun'}
        .
      </p>
      <ul>
        {workflow.statuses.map((s) => {
          const exits = [
            ...workflow.transitions
              .filter((t) => t.from === s.key)
              .map((t) => `« ${t.label} » mène à « ${label(t.to)} »`),
            ...s.timers.map((t) => {
              const parts = [
                t.after.days ? `${t.after.days} j` : null,
                t.after.hours ? `${t.after.hours} h` : null,
                t.after.minutes ? `${t.after.minutes} min` : null,
              ]
                .filter(Boolean)
                .join(' ');
              return `après ${parts} sans changement, « ${label(t.to)} »`;
            }),
          ];
          // Buttons change nothing in the drawing (no arrow), so only the words can tell they are there.
          const buttons = s.buttons.map((b) => `« ${b.label} »`).join(', ');
          return (
            <li>
              Depuis « {s.label} » :{' '}
              {exits.length ? exits.join(' ; ') : s.final ? 'fin de la demande' : 'aucune sortie'}.
              {buttons ? ` Boutons sans changement de statut : ${buttons}.` : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
