export type Presence = 'required' | 'optional' | 'not_required' | 'depends';
export type OnlineAvailability = 'yes' | 'partial' | 'no' | 'unknown';
export type Confidence = 'high' | 'medium' | 'low';
export type Channel = 'online' | 'in_person';

export interface Municipality {
  slug: string;
  name: string;
  address: string | null;
  population: number | null;
  populationDate: string | null;
  center: { lat: number; lon: number } | null;
  map: { tileUrl: string | null; attribution: string | null };
}

export interface Fee {
  variant: string;
  labelDe: string;
  labelEn: string;
  eur: number;
}

export interface Equipment {
  id: string;
  nameDe: string;
  nameEn: string;
}

export interface Service {
  id: string;
  nameDe: string;
  nameEn: string;
  leikaKey: string | null;
  leikaKeyStatus: string | null;
  legalBasis: string | null;
  presence: Presence;
  presenceReasons: string[];
  secondVisit: string | null;
  typicalMinutes: number | null;
  minutesBasis: string | null;
  fees: Fee[];
  feeExtras: { item: string; eur: number | null }[];
  feeNote: string | null;
  feeValidFrom: string | null;
  onlineAvailable: OnlineAvailability;
  onlineNote: string | null;
  onlineUrl: string | null;
  documents: string[];
  equipment: Equipment[];
  mobileSuitability: string | null;
  confidence: Confidence;
  sources: string[];
}

export type Weekday = 'mo' | 'tu' | 'we' | 'th' | 'fr' | 'sa' | 'su';

export interface OpeningHours {
  days: Weekday[];
  opens?: string;
  closes?: string;
  note?: string;
}

export interface Site {
  id: string;
  name: string;
  category: string;
  address: string | null;
  districtId: string | null;
  lat: number;
  lon: number;
  coordinateQuality: string | null;
  coordinateUncertaintyM: number | null;
  coordinateNote: string | null;
  openingHours: OpeningHours[] | null;
  accessibility: string | null;
  placeholder: boolean;
  facts: string[];
  confidence: Confidence;
  sources: string[];
}

export interface District {
  id: string;
  name: string;
  type: 'stadtteil' | 'kernstadt_quarter';
  parentId: string | null;
  population: number | null;
  populationDate: string | null;
  lat: number;
  lon: number;
  confidence: Confidence;
  sources: string[];
}

export interface ListResponse<T> {
  items: T[];
  total: number;
}

/** RFC 9457 problem details as the API sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  field?: string;
  errors?: { field: string; message: string }[];
}
