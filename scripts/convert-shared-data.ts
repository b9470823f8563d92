/**
 * Turns the research data in ../shared/data/guetersloh (gathered from public sources, each record with
 * its sources and a confidence) into the product's own seed files in data/seed/guetersloh/.
 * Run once when the research data changes: `node --import tsx scripts/convert-shared-data.ts`.
 * The product never reads ../shared at run time.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const sourceDir = process.argv[2] ?? '../shared/data/guetersloh';
const targetDir = 'data/seed/guetersloh';
type Raw = Record<string, any>;
const read = (name: string): Raw[] => JSON.parse(readFileSync(join(sourceDir, name), 'utf8'));

const equipmentNamesDe: Record<string, string> = {
  registry_laptop: 'Laptop mit Melde- und Ausweissoftware (Fernzugriff, keine lokale Speicherung)',
  secure_network: 'Sichere Verbindung ins Behördennetz (VPN über LTE oder Breitband vor Ort)',
  biometric_camera: 'Biometrische Fotoerfassung',
  qr_photo_retrieval: 'QR-Code-Scanner für digitale Passfotos',
  fingerprint_scanner: 'Fingerabdruckscanner',
  signature_pad: 'Unterschriften-Pad',
  printer: 'Drucker',
  card_payment: 'Kartenzahlungsterminal',
  secure_forms: 'Vorrat an Sicherheitsvordrucken für vorläufige Dokumente',
  official_seal: 'Dienstsiegel',
  eid_change_terminal: 'Änderungsterminal / eID-Kartenleser',
  document_scanner: 'Dokumentenscanner',
  storage: 'Abschließbarer Stauraum',
};

const services = read('services.json');
// German first: the research data is in English; scripts/service-texts-de.json holds plain-German versions.
const germanTexts: Record<string, string> = JSON.parse(readFileSync('scripts/service-texts-de.json', 'utf8'));
// What citizens see: clean addresses, access information, fee extras and "after the visit" in plain language.
// The research wording stays in the staff-only fields (facts, notes).
const publicTexts: {
  siteAddresses: Record<string, string>;
  siteAccessDe: Record<string, string>;
  serviceAfterVisit: Record<string, { de: string; en: string }>;
  feeExtrasDe: Record<string, string>;
  legalBasisDe: Record<string, string>;
} = JSON.parse(readFileSync('scripts/public-texts.json', 'utf8'));
const inGerman = (texts: string[]) =>
  texts.map((text) => {
    const german = germanTexts[text];
    if (!german) throw new Error(`no German text for "${text}" in scripts/service-texts-de.json`);
    return german;
  });
const equipmentLabelsEn = new Map<string, string>();
for (const service of services) {
  (service.equipment ?? []).forEach((kind: string, index: number) => {
    const label = service.equipment_labels?.[index];
    if (label && !equipmentLabelsEn.has(kind)) equipmentLabelsEn.set(kind, label);
  });
}
const equipment = [...equipmentLabelsEn.keys()].sort().map((id) => ({
  id,
  nameDe: equipmentNamesDe[id] ?? id,
  nameEn: equipmentLabelsEn.get(id) ?? id,
}));

const presence = (raw: string): string =>
  ({ required: 'required', optional: 'optional', not_required: 'not_required', depends: 'depends' })[raw] ??
  'depends';
const online = (raw: string | undefined): string => {
  const value = (raw ?? 'unknown').toLowerCase();
  if (value.startsWith('yes')) return 'yes';
  if (value.startsWith('partial')) return 'partial';
  if (value.startsWith('no')) return 'no';
  return 'unknown';
};
const feeLabels: Record<string, [string, string]> = {
  age_24_plus: ['ab 24 Jahren', 'age 24 and over'],
  under_24: ['unter 24 Jahren', 'under 24'],
  all_ages: ['alle Altersgruppen', 'all ages'],
  registration: ['Anmeldung', 'registration'],
  first_issue: ['Erstausstellung', 'first issue'],
  all: ['Gebühr', 'fee'],
  standard_or_extended: ['einfach oder erweitert', 'standard or extended'],
  per_A4_page: ['je A4-Seite', 'per A4 page'],
  per_signature: ['je Unterschrift', 'per signature'],
  for_pension_purposes: ['für Rentenzwecke', 'for pension purposes'],
  per_certificate: ['je Bescheinigung', 'per certificate'],
  per_visit: ['je Besuch', 'per visit'],
};
const onlineUrl = (service: Raw): string | null => {
  if (!['yes', 'partial'].includes(online(service.online_available))) return null;
  const portal = (service.source ?? []).find((url: string) => url.includes('buergerportal.guetersloh.de'));
  return portal ?? 'https://buergerportal.guetersloh.de/';
};

const serviceSeeds = services.map((service) => ({
  id: service.id,
  nameDe: service.name_de,
  nameEn: service.name_en,
  leikaKey: service.leika_key ?? null,
  leikaKeyStatus: service.leika_key_status ?? null,
  legalBasis: publicTexts.legalBasisDe[service.id] ?? service.legal_basis ?? null,
  presence: presence(service.personal_presence),
  presenceReasons: inGerman(service.presence_reasons ?? []),
  presenceReasonsEn: service.presence_reasons ?? [],
  secondVisit: service.second_visit ?? null,
  typicalMinutes: service.typical_handling_minutes,
  minutesBasis: service.handling_minutes_basis ?? null,
  fees: Object.entries(service.fee_eur ?? {}).map(([variant, eur]) => ({
    variant,
    labelDe: feeLabels[variant]?.[0] ?? variant,
    labelEn: feeLabels[variant]?.[1] ?? variant,
    eur,
  })),
  feeExtras: (service.fee_extras ?? []).map((extra: Raw) => {
    const labelDe = publicTexts.feeExtrasDe[extra.item];
    if (!labelDe) throw new Error(`no German fee text for "${extra.item}" in scripts/public-texts.json`);
    return { item: extra.item, labelDe, labelEn: extra.item, eur: extra.eur ?? null };
  }),
  feeNote: service.fee_note ?? null,
  feeValidFrom: service.fee_valid_from ?? null,
  onlineAvailable: online(service.online_available),
  onlineNote: service.online_note ?? null,
  onlineUrl: onlineUrl(service),
  documents: inGerman(service.documents ?? []),
  documentsEn: service.documents ?? [],
  equipment: service.equipment ?? [],
  mobileSuitability: service.mobile_suitability ?? null,
  // An estimated handling time or a fee that could not be found makes the record an estimate.
  confidence: service.handling_minutes_basis === 'estimate' || service.fee_note ? 'low' : 'medium',
  sources: service.source ?? [],
  ...(publicTexts.serviceAfterVisit[service.id]
    ? {
        afterVisitDe: publicTexts.serviceAfterVisit[service.id]!.de,
        afterVisitEn: publicTexts.serviceAfterVisit[service.id]!.en,
      }
    : {}),
}));

// Short German names for lists, slot buttons and mails; the research name stays in the facts.
const siteNamesDe: Record<string, string> = {
  'rathaus-buergerbuero': 'Rathaus Gütersloh, Bürgerbüro',
  'zob-hauptbahnhof': 'ZOB / Hauptbahnhof',
  'berliner-platz-wochenmarkt': 'Berliner Platz (Wochenmarkt)',
  'theater-stadthalle': 'Theater und Stadthalle',
  kreishaus: 'Kreishaus Gütersloh',
  'bahnhof-avenwedde': 'Bürgerhaus „Der Bahnhof“, Avenwedde',
  'buergerhaus-blankenhagen': 'Bürgerhaus Blankenhagen',
  'isselhorst-dorfplatz': 'Dorfplatz Isselhorst',
  'friedrichsdorf-reference-point': 'Friedrichsdorf, Ortsmitte',
  'kattenstroth-reference-point': 'Kattenstroth',
  'nordhorn-reference-point': 'Nordhorn',
  'sundern-reference-point': 'Sundern',
  'niehorst-reference-point': 'Niehorst',
  'hollen-reference-point': 'Hollen',
  'ebbesloh-reference-point': 'Ebbesloh',
};
const districtNamesDe: Record<string, string> = { innenstadt: 'Innenstadt' };

// Quarters without a published figure of their own share the remainder the research states for them
// (the Kernstadt's figure minus its quarters with figures), split by area: derived, low confidence, said so.
const rawDistricts = read('districts.json');
const withoutFigure = (parent: Raw) =>
  rawDistricts.filter((district) => district.parent_id === parent.id && district.population == null);
const derivedPopulation = new Map<string, { population: number; note: string }>();
for (const parent of rawDistricts) {
  const remainder = parent.remainder_population_estimate_for_unquantified_quarters;
  const quarters = withoutFigure(parent);
  if (typeof remainder !== 'number' || quarters.length === 0) continue;
  const area = quarters.reduce((sum, quarter) => sum + quarter.area_km2, 0);
  let left = remainder;
  quarters.forEach((quarter, index) => {
    const population =
      index === quarters.length - 1 ? left : Math.round((remainder * quarter.area_km2) / area);
    left -= population;
    derivedPopulation.set(quarter.id, {
      population,
      note: `No published figure for this quarter alone. Derived: ${parent.remainder_note} Split by area (${quarter.area_km2} of ${Math.round(area * 100) / 100} km2); an estimate until the city's own quarter statistics are entered.`,
    });
  });
}

const districts = rawDistricts.map((district) => ({
  id: district.id,
  name: districtNamesDe[district.id] ?? district.name,
  type: district.type,
  parentId: district.parent_id ?? null,
  population: district.population ?? derivedPopulation.get(district.id)?.population ?? null,
  populationDate: /^\d{4}-\d{2}(-\d{2})?$/.test(district.population_date ?? '')
    ? district.population_date.length === 7
      ? `${district.population_date}-01`
      : district.population_date
    : null,
  populationStatus: derivedPopulation.has(district.id) ? 'derived' : (district.population_status ?? null),
  populationNote: derivedPopulation.get(district.id)?.note ?? district.population_note ?? null,
  share65plus: district.share_65plus ?? null,
  areaKm2: district.area_km2 ?? null,
  lat: district.centroid.lat,
  lon: district.centroid.lon,
  referencePointMethod: district.centroid_method ?? null,
  postalCodes: district.postal_codes ?? [],
  confidence: derivedPopulation.has(district.id) ? 'low' : district.confidence,
  sources: Array.isArray(district.source) ? district.source : [district.source].filter(Boolean),
}));

const weekdays: Record<string, string> = {
  Mon: 'mo',
  Tue: 'tu',
  Wed: 'we',
  Thu: 'th',
  Fri: 'fr',
  Sat: 'sa',
  Sun: 'su',
};
// Venue facts (migration 045): what the research says about each place as a venue; placeholders are no venues.
const venueFacts: Record<string, Raw> = JSON.parse(readFileSync('scripts/venue-facts.json', 'utf8'));
const accessibilityPattern = /\b(lift|elevator|step-free|barrier|wheelchair|ramp)\b/i;
const sites = read('sites.json').map((site) => ({
  id: site.id,
  name: siteNamesDe[site.id] ?? site.name,
  category: site.category,
  address: publicTexts.siteAddresses[site.id] ?? site.address,
  districtId: site.district_id,
  lat: site.lat,
  lon: site.lon,
  coordinateQuality: site.coordinate_quality,
  coordinateUncertaintyM: site.coordinate_uncertainty_m,
  coordinateNote: site.coordinate_note ?? null,
  openingHours: site.schedule?.days
    ? [{ days: site.schedule.days.map((day: string) => weekdays[day]) }]
    : null,
  // German, for citizens; the research facts (English) it comes from stay in the facts.
  accessibility: (site.facts ?? []).some((fact: string) => accessibilityPattern.test(fact))
    ? (publicTexts.siteAccessDe[site.id] ?? null)
    : null,
  placeholder: site.category === 'district_reference_point',
  venue:
    site.category === 'district_reference_point' || !venueFacts[site.id]
      ? { usable: false }
      : venueFacts[site.id],
  facts: [
    ...(publicTexts.siteAddresses[site.id] ? [`Address in the research data: ${site.address}`] : []),
    ...(siteNamesDe[site.id] ? [`Name in the research data: ${site.name}`] : []),
    ...(site.facts ?? []),
  ],
  confidence: site.confidence,
  sources: site.source ?? [],
}));

const municipality = {
  slug: 'guetersloh',
  name: 'Stadt Gütersloh',
  officialKey: '05754008',
  address: 'Berliner Straße 70, 33330 Gütersloh',
  population: 102464,
  populationDate: '2023-12-31',
  populationSource: 'IT.NRW',
  timezone: 'Europe/Berlin',
  lat: 51.90607,
  lon: 8.37855,
  // The city's contact and legal texts are written by hand in the seed, not derived from the research data.
  ...keptFromSeed(join(targetDir, 'municipality.json'), ['contact', 'legal']),
};

function keptFromSeed(path: string, keys: string[]): Raw {
  try {
    const current = JSON.parse(readFileSync(path, 'utf8'));
    return Object.fromEntries(keys.filter((key) => key in current).map((key) => [key, current[key]]));
  } catch {
    return {};
  }
}

mkdirSync(targetDir, { recursive: true });
const write = (name: string, value: unknown) =>
  writeFileSync(join(targetDir, name), JSON.stringify(value, null, 2) + '\n');
write('municipality.json', municipality);
write('equipment.json', equipment);
write('districts.json', districts);
write('sites.json', sites);
write('services.json', serviceSeeds);
console.log(
  `wrote ${equipment.length} equipment kinds, ${districts.length} districts, ${sites.length} sites, ${serviceSeeds.length} services to ${targetDir}`,
);
