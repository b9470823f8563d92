/** The station API as described in docs/station-api.md. */

export interface StaffUser {
  id: string;
  name: string;
  email: string;
  role: string;
  mustChangePassword?: boolean;
}

export interface StaffSession {
  user: StaffUser;
  csrfToken: string;
}

export type StopStatus = 'scheduled' | 'open' | 'closed' | 'cancelled';

export type ChecklistItemKind = 'device' | 'connectivity' | 'privacy_screen' | 'forms' | 'card_terminal';

/** A stop's readiness checklist (getStopChecklist), with the answers of its sign-off when there is one. */
export interface StopChecklist {
  stopId: string;
  items: {
    key: string;
    kind: ChecklistItemKind;
    equipmentKind?: string;
    nameDe: string | null;
    nameEn: string | null;
    status: 'ok' | 'problem' | null;
    note: string | null;
  }[];
  signedOff: { at: string; byUserId: string; problems: number } | null;
}

export interface DaySummary {
  stopId: string;
  siteName: string;
  address: string | null;
  unitName: string;
  startsAt: string;
  endsAt: string;
  status: StopStatus;
  appointments: number;
  ticketsWaiting: number;
}

export interface EntryService {
  id: string;
  nameDe: string;
  nameEn: string;
  quantity: number;
  minutesEach: number;
  documents?: string[] | string | null;
}

/** An open case of the visit: documents captured at the stop go to it. */
export interface EntryCase {
  id: string;
  number: string;
  serviceId: string;
  serviceNameDe: string;
  serviceNameEn: string;
}

/** addCaseDocument's answer. */
export interface CaseDocumentAdded {
  id: string;
  mediaType: string;
  sizeBytes: number;
  capturedAt: string;
  /** the upload id was stored before: nothing new was written */
  replayed: boolean;
}

export type AppointmentStatus =
  | 'held'
  | 'confirmed'
  | 'checked_in'
  | 'called'
  | 'in_service'
  | 'finished'
  | 'expired'
  | 'cancelled'
  | 'no_show'
  | 'parked';

export type TicketStatus =
  'waiting' | 'called' | 'in_service' | 'finished' | 'no_show' | 'parked' | 'cancelled';

export interface Appointment {
  id: string;
  kind: 'appointment';
  displayNumber: string;
  code: string;
  status: AppointmentStatus;
  startsAt: string;
  endsAt: string;
  name: string | null;
  phone: string | null;
  services: EntryService[];
  checkedInAt: string | null;
  counter: number | null;
  /** Set on the device after a hand-over until the server answers. */
  reservedForCounter?: number | null;
  calledAt?: string | null;
  startedAt?: string | null;
  /** The visit's open cases (absent in days kept by an older version). */
  cases?: EntryCase[];
}

export interface Ticket {
  id: string;
  kind: 'walk_in';
  displayNumber: string;
  status: TicketStatus;
  name: string | null;
  services: EntryService[];
  createdAt: string;
  origin: 'self' | 'staff';
  counter: number | null;
  reservedForCounter?: number | null;
  calledAt?: string | null;
  startedAt?: string | null;
  cases?: EntryCase[];
}

export type Entry = Appointment | Ticket;

export interface QueueItem {
  entryId: string;
  kind: 'appointment' | 'walk_in';
  position: number;
  estimatedCallAt: string | null;
  estimatedWaitMinutes: number | null;
}

export interface CounterState {
  number: number;
  busyWith: string | null;
}

export interface StationDay {
  stop: {
    id: string;
    status: StopStatus;
    siteName: string;
    address: string | null;
    startsAt: string;
    endsAt: string;
    counters: number;
  };
  serverTime: string;
  version: number | string;
  appointments: Appointment[];
  tickets: Ticket[];
  queue: QueueItem[];
  counters: CounterState[];
  posterUrl: string;
}

export interface OfferedService {
  id: string;
  nameDe: string;
  nameEn: string;
  typicalMinutes: number;
  /** The service also exists online: finishing it asks why the person came in person (absent in old caches). */
  existsOnline?: boolean;
}

export type OperationOutcome = 'applied' | 'duplicate' | 'conflict' | 'rejected';

export interface OperationResult {
  opId: string;
  outcome: OperationOutcome;
  reason?: string;
  entry?: unknown;
}

export interface OperationsResponse {
  results: OperationResult[];
  version: number | string;
}

export interface DisplayBoard {
  called: { displayNumber: string; counter: number; calledAt: string }[];
  waiting: number;
}

export interface JoinedTicket {
  ticketId: string;
  displayNumber: string;
  token: string;
}

export interface TicketView {
  displayNumber: string;
  status: TicketStatus;
  position: number | null;
  estimatedWaitMinutes: number | null;
  calledToCounter: number | null;
  /** The visit is over and not yet rated: the ticket page offers the survey. */
  feedbackOpen?: boolean;
}
