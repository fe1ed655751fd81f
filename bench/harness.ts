// Runtime: Node. The benchmark harness: every figure is measured in the same run as its baseline and
// printed with the ratio. `--json` prints the same figures as a JSON array. Timings never decide a test.
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** the same quantity measured for the named baseline in this run, or null where none applies */
  baseline: { name: string; value: number } | null;
  /** baseline / value for times (higher is better: ×faster), value / baseline for rates */
  ratio: number | null;
  goal?: string;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i]!;
}

/** Runs fn once per input, returning per-call latencies in ms, sorted ascending. */
export function timeEach<T>(inputs: readonly T[], fn: (input: T) => unknown): number[] {
  const out: number[] = [];
  for (const input of inputs) {
    const t0 = process.hrtime.bigint();
    fn(input);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

export async function timeEachAsync<T>(inputs: readonly T[], fn: (input: T) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const input of inputs) {
    const t0 = process.hrtime.bigint();
    await fn(input);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

export function timeFigure(
  name: string,
  valueMs: number,
  baseline?: { name: string; value: number },
  goal?: string,
): Figure {
  return {
    name,
    value: round(valueMs),
    unit: 'ms',
    baseline: baseline ? { name: baseline.name, value: round(baseline.value) } : null,
    ratio: baseline && valueMs > 0 ? round(baseline.value / valueMs) : null,
    goal,
  };
}

export function rateFigure(
  name: string,
  value: number,
  unit: string,
  baseline?: { name: string; value: number },
  goal?: string,
): Figure {
  return {
    name,
    value: round(value),
    unit,
    baseline: baseline ? { name: baseline.name, value: round(baseline.value) } : null,
    ratio: baseline && baseline.value > 0 ? round(value / baseline.value) : null,
    goal,
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function printFigures(figures: Figure[], json: boolean): void {
  if (json) {
    console.log(
      JSON.stringify(
        figures.map(({ name, value, unit, baseline, ratio }) => ({
          name,
          value,
          unit,
          baseline: baseline?.value ?? null,
          baselineName: baseline?.name ?? null,
          ratio,
        })),
      ),
    );
    return;
  }
  const rows = figures.map((f) => [
    f.name,
    `${f.value} ${f.unit}`,
    f.baseline ? `${f.baseline.value} ${f.unit} (${f.baseline.name})` : '—',
    f.ratio === null ? '—' : `×${f.ratio}`,
    f.goal ?? '',
  ]);
  const head = ['figure', 'value', 'baseline', 'ratio', 'goal'];
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Display width: CJK characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}
