import { createAppI18n } from '../../i18n/createAppI18n.ts';
import de from './de.json';
import en from './en.json';

/** The language choice is the only thing the station app keeps in localStorage. */
export const stationLanguageKey = 'mobiles-rathaus.station.language';

export const stationI18n = createAppI18n({ messages: { de, en }, storageKey: stationLanguageKey });
