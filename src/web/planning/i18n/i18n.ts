import { createAppI18n } from '../../i18n/createAppI18n.ts';
import de from './de.json';

export type PlanningLanguage = 'de' | 'en';
const storageKey = 'mobiles-rathaus.planning.language';

/** The planner's own translator: its messages live apart from the citizen portal's. */
export const planningI18n = createAppI18n({
  de,
  others: { en: async () => (await import('./en.json')).default },
  storageKey,
});
