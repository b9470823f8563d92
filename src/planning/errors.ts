/** Thrown for input a planner can fix; `field` names the offending input so a form can point at it. */
export class PlanningInputError extends Error {
  readonly field: string;
  /** Machine-readable facts for the UI's message: `reason` (snake_case) and the numbers it names. */
  readonly details: Readonly<Record<string, string | number>> | undefined;

  constructor(field: string, message: string, details?: Readonly<Record<string, string | number>>) {
    super(`${field}: ${message}`);
    this.name = 'PlanningInputError';
    this.field = field;
    this.details = details;
  }
}

export function requireFiniteNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PlanningInputError(field, `expected a finite number, got ${String(value)}`);
  }
  return value;
}

export function requireLatLon(lat: unknown, lon: unknown, field: string): { lat: number; lon: number } {
  const la = requireFiniteNumber(lat, `${field}.lat`);
  const lo = requireFiniteNumber(lon, `${field}.lon`);
  if (la < -90 || la > 90) throw new PlanningInputError(`${field}.lat`, `latitude ${la} is outside -90..90`);
  if (lo < -180 || lo > 180)
    throw new PlanningInputError(`${field}.lon`, `longitude ${lo} is outside -180..180`);
  return { lat: la, lon: lo };
}
