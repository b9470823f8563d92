import { DomainError } from './errors.ts';

/** The three questions of the survey after a visit (tracker issue 10, item 2). */
export const wouldUseAgainAnswers = ['yes', 'no', 'unsure'] as const;
export const timeComparedAnswers = ['saved_much', 'saved_some', 'same', 'more', 'unsure'] as const;
export const travelModes = ['foot', 'bike', 'bus', 'car', 'other'] as const;

export interface FeedbackAnswers {
  /** 1 (very unhappy) … 5 (very happy) */
  satisfaction: number;
  wouldUseAgain: (typeof wouldUseAgainAnswers)[number];
  /** compared with going to the town hall */
  timeCompared: (typeof timeComparedAnswers)[number] | null;
  travelMode: (typeof travelModes)[number] | null;
}

export interface RawFeedbackAnswers {
  satisfaction: number;
  wouldUseAgain: string;
  timeCompared?: string | undefined;
  travelMode?: string | undefined;
}

function oneOf<T extends string>(allowed: readonly T[], value: string, field: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new DomainError('validation', {
      field,
      message: `"${field}" must be one of ${allowed.join(', ')}`,
    });
  }
  return value as T;
}

/** Checks the answers; anything out of range is a validation error naming its field. */
export function parseFeedbackAnswers(raw: RawFeedbackAnswers): FeedbackAnswers {
  if (!Number.isInteger(raw.satisfaction) || raw.satisfaction < 1 || raw.satisfaction > 5) {
    throw new DomainError('validation', {
      field: 'satisfaction',
      message: '"satisfaction" must be a whole number from 1 to 5',
    });
  }
  return {
    satisfaction: raw.satisfaction,
    wouldUseAgain: oneOf(wouldUseAgainAnswers, raw.wouldUseAgain, 'wouldUseAgain'),
    timeCompared:
      raw.timeCompared === undefined ? null : oneOf(timeComparedAnswers, raw.timeCompared, 'timeCompared'),
    travelMode: raw.travelMode === undefined ? null : oneOf(travelModes, raw.travelMode, 'travelMode'),
  };
}

/** "Why not online": why a citizen came in person for a service that also exists online (item 3). */
export const inPersonReasons = ['did_not_know', 'no_eid', 'needs_help', 'legal_presence', 'other'] as const;
export type InPersonReasonCode = (typeof inPersonReasons)[number];

/** A service exists online when the catalogue says so fully or in part. */
export const existsOnline = (onlineAvailable: string): boolean =>
  onlineAvailable === 'yes' || onlineAvailable === 'partial';

/**
 * The reasons a finish records: one per delivered service at most, and only for services delivered. Returns the
 * index and field of the first offending entry, or null when all are fine.
 */
export function inPersonReasonProblem(
  reasons: readonly { serviceId: string; reason: string }[],
  delivered: readonly { serviceId: string }[],
): { index: number; field: 'serviceId' | 'reason'; message: string } | null {
  const seen = new Set<string>();
  for (const [index, entry] of reasons.entries()) {
    if (!(inPersonReasons as readonly string[]).includes(entry.reason))
      return { index, field: 'reason', message: `"reason" must be one of ${inPersonReasons.join(', ')}` };
    if (!delivered.some((d) => d.serviceId === entry.serviceId))
      return { index, field: 'serviceId', message: 'a reason is recorded for a delivered service only' };
    if (seen.has(entry.serviceId)) return { index, field: 'serviceId', message: 'one reason per service' };
    seen.add(entry.serviceId);
  }
  return null;
}
