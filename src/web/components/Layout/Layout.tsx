import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link, NavLink } from 'react-router';
import { useApi } from '../../api/useApi.ts';
import { useMunicipality } from '../../municipality.tsx';
import { useLanguage } from '../../useLanguage.ts';
import { LanguageSwitch } from '../LanguageSwitch/LanguageSwitch.tsx';
import { SkipLink } from '../SkipLink/SkipLink.tsx';

const mainId = 'main';

/** Machine-made translations that no native speaker has checked yet: each page says so. */
const unreviewedLanguages = new Set(['tr', 'uk', 'ar']);

/** The frame of every page: skip link, header with navigation and language switch, main, footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const municipality = useMunicipality();
  // The development outbox answers only where no mail server is set up and not in production.
  const outbox = useApi<unknown>('/api/v1/dev/outbox');

  return (
    <>
      <SkipLink targetId={mainId}>{t('app.skipLink')}</SkipLink>
      <header className="site-header">
        <div className="kern-container site-header__bar">
          <Link to="/" className="site-header__brand">
            {municipality && <span className="site-header__municipality">{municipality.name}</span>}
            <span className="site-header__product">{t('app.productName')}</span>
          </Link>
          <LanguageSwitch />
        </div>
        <nav aria-label={t('nav.label')} className="site-nav">
          <ul className="kern-container site-nav__list">
            <li>
              <NavLink to="/" end className="kern-link site-nav__link">
                {t('nav.home')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/dienstleistungen" className="kern-link site-nav__link">
                {t('nav.services')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/standorte" className="kern-link site-nav__link">
                {t('nav.sites')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/termine" className="kern-link site-nav__link">
                {t('nav.schedule')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/buchen" className="kern-link site-nav__link">
                {t('nav.book')}
              </NavLink>
            </li>
          </ul>
        </nav>
      </header>
      <main id={mainId} tabIndex={-1} className="kern-container site-main">
        {unreviewedLanguages.has(language) && (
          <p className="kern-body kern-body--small translation-note">{t('language.unreviewedNote')}</p>
        )}
        {children}
      </main>
      <footer className="site-footer">
        <div className="kern-container">
          <nav aria-label={t('footer.label')}>
            <ul className="site-footer__list">
              <li>
                <Link to="/hilfe" className="kern-link">
                  {t('footer.help')}
                </Link>
              </li>
              <li>
                <Link to="/hausbesuch" className="kern-link">
                  {t('footer.requestVisit')}
                </Link>
              </li>
              <li>
                <Link to="/hausbesuch/pruefen" className="kern-link">
                  {t('footer.verifyVisit')}
                </Link>
              </li>
              <li>
                <Link to="/vorschlaege" className="kern-link">
                  {t('nav.suggestionsLink')}
                </Link>
              </li>
              <li>
                <Link to="/projekt" className="kern-link">
                  {t('nav.projectLink')}
                </Link>
              </li>
              <li>
                <Link to="/leichte-sprache" className="kern-link">
                  {t('footer.easyLanguage')}
                </Link>
              </li>
              <li>
                <Link to="/impressum" className="kern-link">
                  {t('footer.imprint')}
                </Link>
              </li>
              <li>
                <Link to="/datenschutz" className="kern-link">
                  {t('footer.privacy')}
                </Link>
              </li>
              <li>
                <Link to="/barrierefreiheit" className="kern-link">
                  {t('footer.accessibility')}
                </Link>
              </li>
              <li>
                <a href="/api/docs" className="kern-link">
                  {t('footer.api')}
                </a>
              </li>
              {outbox.status === 'ready' && (
                <li>
                  <Link to="/dev/postausgang" className="kern-link">
                    {t('footer.outbox')}
                  </Link>
                </li>
              )}
            </ul>
          </nav>
          <p className="kern-body kern-body--small">{t('footer.software')}</p>
        </div>
      </footer>
    </>
  );
}
