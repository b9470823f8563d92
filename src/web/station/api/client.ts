import type {
  CaseDocumentAdded,
  DaySummary,
  DisplayBoard,
  JoinedTicket,
  OfferedService,
  OperationsResponse,
  StaffSession,
  StationDay,
  StopChecklist,
  TicketView,
} from './types.ts';
import type { Operation } from '../offline/operations.ts';
import { ApiProblem, createApiClient } from '../../api/client.ts';
import type {
  StaffBookingConfirmation,
  StaffBookingCreated,
  StaffBookingRequest,
} from '../../../contracts/staffBooking.ts';
import type { HomeVisitPasses } from '../../../contracts/homeVisit.ts';

// The station's calls through the one API client (src/web/api/client.ts): the session's CSRF token on
// unsafe methods, and `no-store`, so neither the browser nor the service worker answers from a cache.
const client = createApiClient({ cache: 'no-store' });

export const setCsrfToken = client.setCsrfToken;

let deviceKey: string | undefined;
let deviceLostListener: (() => void) | undefined;

/** The tablet's device id, sent as x-station-device with every call: the server registers and checks it. */
export const setDeviceKey = (id: string | undefined) => {
  deviceKey = id;
};

/** Called when the server answers `device_lost`: an admin reported this tablet lost, its data must go. */
export const onDeviceLost = (listener: (() => void) | undefined) => {
  deviceLostListener = listener;
};

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  file?: { raw: Blob; type: string },
): Promise<T> {
  try {
    return await client.request<T>(method, path, {
      ...(body === undefined ? {} : { body }),
      ...(file ? { raw: file.raw } : {}),
      headers: {
        ...(file ? { 'content-type': file.type } : {}),
        ...(deviceKey ? { 'x-station-device': deviceKey } : {}),
      },
    });
  } catch (error) {
    if (error instanceof ApiProblem && error.code === 'device_lost') deviceLostListener?.();
    throw error;
  }
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
  /** listHomeVisitPasses: today's home visits of the signed-in person, each with its signed pass. */
  homeVisitPasses: () => request<HomeVisitPasses>('GET', `${station}/home-visits`),
  day: (stopId: string) => request<StationDay>('GET', `${station}/stops/${encodeURIComponent(stopId)}/day`),
  checklist: (stopId: string) =>
    request<StopChecklist>('GET', `${station}/stops/${encodeURIComponent(stopId)}/checklist`),
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
    body: {
      posterToken: string;
      services?: { serviceId: string; quantity: number }[];
      originDistrictId?: string;
      locale: string;
    },
  ) => request<JoinedTicket>('POST', `/api/v1/stops/${encodeURIComponent(stopId)}/tickets`, body),
  /** Staff remove walk-in tickets in bulk (online only): the waiting or parked ones are cancelled. */
  removeTickets: (stopId: string, ticketIds: string[]) =>
    request<{ removed: string[]; version: number }>(
      'POST',
      `${station}/stops/${encodeURIComponent(stopId)}/tickets/remove`,
      { ticketIds },
    ),
  /** The survey after the visit, from the walk-in's ticket page (answers stored without the person). */
  visitFeedback: (body: { ticketId: string; token: string } & Record<string, unknown>) =>
    request<Record<string, never>>('POST', '/api/v1/visit-feedback', body),
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
  /**
   * addCaseDocument: a document captured at the stop, the file as the body. The same `clientUploadId` sent
   * again is a replay: the server answers with the stored document (replayed) and stores nothing new.
   */
  addCaseDocument: (
    caseId: string,
    upload: { fileName: string; clientUploadId: string; mediaType: string; bytes: Uint8Array<ArrayBuffer> },
  ) =>
    request<CaseDocumentAdded>(
      'POST',
      `${staff}/cases/${encodeURIComponent(caseId)}/documents?${new URLSearchParams({
        fileName: upload.fileName,
        clientUploadId: upload.clientUploadId,
        channel: 'stop',
      }).toString()}`,
      undefined,
      { raw: new Blob([upload.bytes], { type: upload.mediaType }), type: upload.mediaType },
    ),
  staffBookingConfirmation: (bookingId: string) =>
    request<StaffBookingConfirmation>(
      'GET',
      `${station}/bookings/${encodeURIComponent(bookingId)}/confirmation`,
    ),
};
