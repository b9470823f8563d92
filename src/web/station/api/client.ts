import type {
  DaySummary,
  DisplayBoard,
  JoinedTicket,
  OfferedService,
  OperationsResponse,
  Problem,
  StaffSession,
  StationDay,
  TicketView,
} from './types.ts';
import type { Operation } from '../offline/operations.ts';
import type {
  StaffBookingConfirmation,
  StaffBookingCreated,
  StaffBookingRequest,
} from '../../../contracts/staffBooking.ts';

/** A failed call: the server's problem details, or status 0 when the network failed. */
export class StationApiError extends Error {
  readonly status: number;
  readonly detail: string | undefined;
  readonly title: string | undefined;
  readonly type: string | undefined;

  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.status = problem.status;
    this.detail = problem.detail;
    this.title = problem.title;
    this.type = problem.type;
  }
}

let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new StationApiError({ status: 0, title: 'Network error' });
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => undefined)) as Problem | undefined;
    throw new StationApiError({ ...problem, status: response.status });
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const staff = '/api/v1/staff';
const station = `${staff}/station`;

export const stationApi = {
  signIn: (email: string, password: string) =>
    request<StaffSession>('POST', `${staff}/session`, { email, password }),
  session: () => request<StaffSession>('GET', `${staff}/session`),
  signOut: () => request<void>('DELETE', `${staff}/session`),
  signOutEverywhere: () => request<{ revokedSessions: number }>('POST', `${staff}/sessions/revoke-all`),
  /** Whether single sign-on is set up: the login route answers 404 when it is not. */
  async hasSingleSignOn(): Promise<boolean> {
    try {
      const response = await fetch(`${staff}/oidc/login`, { redirect: 'manual', cache: 'no-store' });
      return response.type === 'opaqueredirect' || (response.status !== 404 && response.status !== 0);
    } catch {
      return false;
    }
  },
  days: (date: string) =>
    request<{ items: DaySummary[] }>('GET', `${station}/days?date=${encodeURIComponent(date)}`),
  day: (stopId: string) => request<StationDay>('GET', `${station}/stops/${encodeURIComponent(stopId)}/day`),
  operations: (stopId: string, deviceId: string, operations: Operation[]) =>
    request<OperationsResponse>('POST', `${station}/stops/${encodeURIComponent(stopId)}/operations`, {
      deviceId,
      operations,
    }),
  offeredServices: async (stopId: string): Promise<OfferedService[]> =>
    (await request<{ services: OfferedService[] }>('GET', `/api/v1/stops/${encodeURIComponent(stopId)}`))
      .services,
  display: (stopId: string) =>
    request<DisplayBoard>('GET', `/api/v1/stops/${encodeURIComponent(stopId)}/display`),
  joinQueue: (
    stopId: string,
    body: { posterToken: string; services?: { serviceId: string; quantity: number }[]; locale: string },
  ) => request<JoinedTicket>('POST', `/api/v1/stops/${encodeURIComponent(stopId)}/tickets`, body),
  /** Staff remove walk-in tickets in bulk (online only): the waiting or parked ones are cancelled. */
  removeTickets: (stopId: string, ticketIds: string[]) =>
    request<{ removed: string[]; version: number }>(
      'POST',
      `${station}/stops/${encodeURIComponent(stopId)}/tickets/remove`,
      { ticketIds },
    ),
  ticket: (ticketId: string, token: string) =>
    request<TicketView>(
      'GET',
      `/api/v1/tickets/${encodeURIComponent(ticketId)}?token=${encodeURIComponent(token)}`,
    ),
  /** Free start times at one stop for the services (the public availability, narrowed to the stop's day). */
  freeTimes: async (stopId: string, date: string, services: string[]): Promise<string[]> => {
    const query = new URLSearchParams({ services: services.join(','), from: date, to: date });
    const result = await request<{ stops: { stop: { id: string }; slots: { startsAt: string }[] }[] }>(
      'GET',
      `/api/v1/availability?${query.toString()}`,
    );
    return result.stops.find((entry) => entry.stop.id === stopId)?.slots.map((slot) => slot.startsAt) ?? [];
  },
  /** createStaffBooking: a booking for a citizen without e-mail, confirmed at once (online only). */
  createStaffBooking: (stopId: string, body: StaffBookingRequest) =>
    request<StaffBookingCreated>('POST', `${station}/stops/${encodeURIComponent(stopId)}/bookings`, body),
  staffBookingConfirmation: (bookingId: string) =>
    request<StaffBookingConfirmation>(
      'GET',
      `${station}/bookings/${encodeURIComponent(bookingId)}/confirmation`,
    ),
};
