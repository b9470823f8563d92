import { describe, expect, it } from 'vitest';
import { createTranslator, type Messages } from './translator.ts';

const de: Messages = {
  greeting: 'Hallo {{name}}',
  nested: { deep: { text: 'Tief' } },
  minutes_one: '{{count}} Minute',
  minutes_other: '{{count}} Minuten',
  items_zero: 'Keine Einträge',
  items_one: 'Ein Eintrag',
  items_other: '{{count}} Einträge',
  onlyGerman: 'Nur deutsch',
  plain: 'Ohne Pluralformen: {{count}}',
};
const uk: Messages = {
  greeting: 'Привіт {{name}}',
  minutes_one: '{{count}} хвилина',
  minutes_few: '{{count}} хвилини',
  minutes_many: '{{count}} хвилин',
  minutes_other: '{{count}} хвилини',
};

function translator(language = 'de', load = async (_language: string): Promise<Messages> => uk) {
  return createTranslator({
    resources: { de },
    fallbackLanguage: 'de',
    supportedLanguages: ['de', 'uk'],
    language,
    load,
  });
}

describe('translator', () => {
  it('reads nested keys and fills placeholders', () => {
    const { t } = translator();
    expect(t('nested.deep.text')).toBe('Tief');
    expect(t('greeting', { name: 'Ada' })).toBe('Hallo Ada');
  });

  it('keeps a placeholder whose value is left out, and shows a missing key as the key', () => {
    const { t } = translator();
    expect(t('greeting')).toBe('Hallo {{name}}');
    expect(t('nested.missing')).toBe('nested.missing');
    expect(t('nested.missing', { defaultValue: 'Ersatz' })).toBe('Ersatz');
    expect(t('nested.deep')).toBe('nested.deep');
  });

  it('chooses plural forms by count, _zero first for 0, and the bare key without plural forms', () => {
    const { t } = translator();
    expect(t('minutes', { count: 1 })).toBe('1 Minute');
    expect(t('minutes', { count: 5 })).toBe('5 Minuten');
    expect(t('items', { count: 0 })).toBe('Keine Einträge');
    expect(t('minutes', { count: 0 })).toBe('0 Minuten');
    expect(t('plain', { count: 3 })).toBe('Ohne Pluralformen: 3');
    // A formatted count only fills the placeholder.
    expect(t('plain', { count: '1.234' })).toBe('Ohne Pluralformen: 1.234');
  });

  it('loads another language before switching, with its plural rules and German as the fallback', async () => {
    const i18n = translator();
    const seen: string[] = [];
    i18n.on('languageChanged', (language) => seen.push(language));
    await i18n.changeLanguage('uk');
    expect(i18n.language).toBe('uk');
    expect(seen).toEqual(['uk']);
    expect(i18n.t('minutes', { count: 3 })).toBe('3 хвилини');
    expect(i18n.t('minutes', { count: 5 })).toBe('5 хвилин');
    expect(i18n.t('onlyGerman')).toBe('Nur deutsch');
    expect(i18n.exists('onlyGerman')).toBe(true);
    expect(i18n.exists('nowhere')).toBe(false);
  });

  it('offers only its languages: another one becomes German', async () => {
    const i18n = translator();
    await i18n.changeLanguage('fr');
    expect(i18n.language).toBe('de');
  });

  it('waits for a remembered language at start, and shows German when it cannot be loaded', async () => {
    const loading = translator('uk');
    expect(loading.language).toBe('uk');
    expect(loading.isReady()).toBe(false);
    await loading.ready();
    expect(loading.isReady()).toBe(true);
    expect(loading.t('greeting', { name: 'Ada' })).toBe('Привіт Ada');

    const failing = translator('uk', () => Promise.reject(new Error('offline')));
    await failing.ready();
    expect(failing.isReady()).toBe(true);
    expect(failing.t('greeting', { name: 'Ada' })).toBe('Hallo Ada');
  });

  it('adds messages without replacing texts unless asked', () => {
    const i18n = translator();
    i18n.addResourceBundle(
      'de',
      'translation',
      { nested: { more: 'Mehr' }, onlyGerman: 'Anders' },
      true,
      false,
    );
    expect(i18n.t('nested.more')).toBe('Mehr');
    expect(i18n.t('nested.deep.text')).toBe('Tief');
    expect(i18n.t('onlyGerman')).toBe('Nur deutsch');
  });

  it('switches to the language asked for last when two loads overlap', async () => {
    let release: (messages: Messages) => void = () => undefined;
    const i18n = translator('de', () => new Promise<Messages>((resolve) => (release = resolve)));
    const slow = i18n.changeLanguage('uk');
    await i18n.changeLanguage('de');
    release(uk);
    await slow;
    expect(i18n.language).toBe('de');
  });
});
