/**
 * The classes of the catchment map (a choropleth): positive values fall into up to four classes of about equal
 * size (quantiles of the values shown), 0 has its own class, and an area without a value (fewer than 5 contacts,
 * no population figure) is hatched. Pure: the map and its legend both read it.
 */

export interface ValueClass {
  /** Exclusive lower bound (0 for the first class). */
  from: number;
  /** Inclusive upper bound: a value of the data. */
  to: number;
  colour: string;
}

/** Light to dark blue. Area outlines are dark and every area is labelled with its value: colour is an extra. */
export const classColours = ['#deebf7', '#9ecae1', '#4292c6', '#08519c'] as const;
export const zeroColour = '#ffffff';
/** Outline of every area (contrast 3:1 and more against the map background and every fill's neighbour). */
export const outlineColour = '#1a1a1a';
/** The hatch of an area without a value. */
export const noValueColour = '#595959';

/** Up to `most` classes of about equal count over the positive values. */
export function valueClasses(values: readonly (number | null)[], most = classColours.length): ValueClass[] {
  const positive = [...new Set(values.filter((value): value is number => value !== null && value > 0))].sort(
    (a, b) => a - b,
  );
  if (positive.length === 0) return [];
  const count = Math.min(most, classColours.length, positive.length);
  const uppers: number[] = [];
  for (let index = 1; index <= count; index++) {
    const upper = positive[Math.ceil((index * positive.length) / count) - 1]!;
    if (uppers.at(-1) !== upper) uppers.push(upper);
  }
  // Spread the colours over the whole ramp, so the darkest always marks the highest class.
  const colourOf = (index: number) =>
    classColours[
      uppers.length === 1
        ? classColours.length - 1
        : Math.round((index * (classColours.length - 1)) / (uppers.length - 1))
    ]!;
  return uppers.map((to, index) => ({
    from: index === 0 ? 0 : uppers[index - 1]!,
    to,
    colour: colourOf(index),
  }));
}

export type AreaClass =
  { kind: 'value'; index: number; colour: string } | { kind: 'zero' } | { kind: 'none' };

/** The class of one value: its class, zero, or none (no value to show). */
export function classOf(value: number | null, classes: readonly ValueClass[]): AreaClass {
  if (value === null) return { kind: 'none' };
  if (value <= 0) return { kind: 'zero' };
  const index = classes.findIndex((entry) => value <= entry.to);
  const found = index === -1 ? classes.length - 1 : index;
  return { kind: 'value', index: found, colour: classes[found]!.colour };
}

/** Radius of a circle with the district's area: its extent where no outline is known (as the citizen map). */
export const equalAreaRadiusMetres = (areaKm2: number) => Math.sqrt(areaKm2 / Math.PI) * 1000;
