import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOrLibPMedian } from './orlibPmed.ts';

/** Reference: Floyd–Warshall on the edge list, the last cost of a repeated edge winning. */
function floydWarshall(n: number, edges: [number, number, number][]): Float64Array {
  const d = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) d[i * n + i] = 0;
  for (const [a, b, c] of edges) {
    if (a === b) continue;
    d[a * n + b] = c;
    d[b * n + a] = c;
  }
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) d[i * n + j] = Math.min(d[i * n + j]!, d[i * n + k]! + d[k * n + j]!);
  return d;
}

/** A connected graph: a random spanning path plus random extra (possibly repeated, possibly loop) edges. */
const graph = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 50 }), { minLength: n - 1, maxLength: n - 1 }),
      fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: n - 1 }),
          fc.integer({ min: 0, max: n - 1 }),
          fc.integer({ min: 0, max: 50 }),
        ),
        { maxLength: 20 },
      ),
    )
    .map(([path, extra]) => {
      const edges: [number, number, number][] = path.map((c, k) => [k, k + 1, c]);
      return { n, edges: [...edges, ...extra] };
    }),
);

describe('OR-Library p-median parser', () => {
  it('all-pairs shortest paths equal Floyd–Warshall, the last cost of a repeated edge winning', () => {
    fc.assert(
      fc.property(graph, ({ n, edges }) => {
        const text = [`${n} ${edges.length} 1`, ...edges.map(([a, b, c]) => `${a + 1} ${b + 1} ${c}`)].join(
          '\n',
        );
        const { instance, p } = parseOrLibPMedian(text);
        expect(p).toBe(1);
        expect(Array.from(instance.distance)).toEqual(Array.from(floydWarshall(n, edges)));
      }),
      { numRuns: 200, seed: 41 },
    );
  }, 20_000);

  it('refuses a graph that is not connected', () => {
    expect(() => parseOrLibPMedian('3 1 1\n1 2 5')).toThrow(/not connected/);
  });
});
