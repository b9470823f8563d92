import { createAppI18n } from './createAppI18n.ts';
import ar from './ar.json';
import de from './de.json';
import en from './en.json';
import tr from './tr.json';
import uk from './uk.json';

export const languageStorageKey = 'mobiles-rathaus.language';

export const i18n = createAppI18n({ messages: { de, en, tr, uk, ar }, storageKey: languageStorageKey });
