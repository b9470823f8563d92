import { createAppI18n } from '../../i18n/createAppI18n.ts';
import de from './de.json';

/** The language choice is the only thing the station app keeps in localStorage. */
export const stationLanguageKey = 'mobiles-rathaus.station.language';

export const stationI18n = createAppI18n({
  de,
  others: { en: async () => (await import('./en.json')).default },
  storageKey: stationLanguageKey,
});

// The station app works offline: fetch English once the app has loaded, so the service worker keeps it too.
globalThis.addEventListener?.('load', () => void stationI18n.loadLanguages('en'));
