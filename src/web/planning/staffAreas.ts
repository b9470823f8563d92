import type { StaffRole } from './api.ts';

/** Which staff roles may use which area of the staff shell; the server checks the same on every route. */
export const areaRoles = {
  station: ['clerk', 'admin'],
  planung: ['planner', 'admin'],
  verwaltung: ['admin', 'planner', 'department', 'clerk'],
} as const satisfies Record<string, readonly StaffRole[]>;

/** The pages of the back office (Verwaltung) and who may open them. */
export const backOfficePages = [
  { path: '/verwaltung/benutzer', key: 'users', roles: ['admin'] },
  { path: '/verwaltung/fachbereiche', key: 'departments', roles: ['admin', 'planner', 'department'] },
  { path: '/verwaltung/einheiten', key: 'units', roles: ['admin', 'planner'] },
  { path: '/verwaltung/bestand', key: 'stock', roles: ['admin', 'planner', 'clerk'] },
  { path: '/verwaltung/mitarbeitende', key: 'staffMembers', roles: ['admin', 'planner'] },
  { path: '/verwaltung/dienstplan', key: 'roster', roles: ['admin', 'planner'] },
  { path: '/verwaltung/geraete', key: 'devices', roles: ['admin'] },
  { path: '/verwaltung/halte', key: 'stops', roles: ['admin', 'planner'] },
  { path: '/verwaltung/standorte', key: 'venues', roles: ['admin', 'planner'] },
  { path: '/verwaltung/hausbesuche', key: 'homeVisits', roles: ['admin', 'planner'] },
  { path: '/verwaltung/moderation', key: 'moderation', roles: ['admin', 'planner'] },
  { path: '/verwaltung/vorschlaege', key: 'suggestionAnswers', roles: ['admin', 'planner'] },
  { path: '/verwaltung/auswertung', key: 'evaluation', roles: ['admin', 'planner', 'department'] },
  { path: '/verwaltung/auswertung/rathauszahlen', key: 'townHallCounts', roles: ['admin', 'planner'] },
  { path: '/verwaltung/bedarfsebenen', key: 'demandLayers', roles: ['admin', 'planner'] },
  { path: '/verwaltung/testphasen', key: 'testPhases', roles: ['admin', 'planner', 'department'] },
  { path: '/verwaltung/prozesse', key: 'processes', roles: ['admin', 'planner', 'department'] },
  { path: '/verwaltung/fahrplaene', key: 'schedules', roles: ['admin', 'planner'] },
  { path: '/verwaltung/webhooks', key: 'webhooks', roles: ['admin', 'department'] },
  { path: '/verwaltung/vorgaenge', key: 'cases', roles: ['admin', 'department', 'clerk'] },
  { path: '/verwaltung/aufgaben', key: 'tasks', roles: ['admin', 'department'] },
  { path: '/verwaltung/e-akte', key: 'efileHandOffs', roles: ['admin', 'department'] },
  { path: '/verwaltung/recherche', key: 'research', roles: ['admin', 'planner', 'department'] },
  { path: '/planung/protokoll', key: 'audit', roles: ['admin'] },
  { path: '/verwaltung/profil', key: 'profile', roles: ['admin', 'planner', 'department', 'clerk'] },
] as const satisfies readonly { path: string; key: string; roles: readonly StaffRole[] }[];

export const may = (roles: readonly StaffRole[], role: StaffRole) => roles.includes(role);
