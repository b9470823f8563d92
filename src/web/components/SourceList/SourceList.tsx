import { useTranslation } from 'react-i18next';
import { EnglishDataText } from '../EnglishDataText/EnglishDataText.tsx';

const isLink = (source: string) => /^https?:\/\/\S+$/.test(source);

/** The research sources behind a record, folded away in a "Quellen" disclosure. */
export function SourceList({ sources }: { sources: string[] }) {
  const { t } = useTranslation();
  if (sources.length === 0) return null;
  return (
    <details className="source-list">
      <summary className="kern-body">{t('service.sources')}</summary>
      <p className="kern-body">{t('service.sourcesIntro')}</p>
      <ul className="kern-list">
        {sources.map((source) => (
          <li key={source} className="source-list__item">
            {isLink(source) ? (
              <a className="kern-link" href={source} rel="noreferrer">
                {source}
              </a>
            ) : (
              <EnglishDataText>{source}</EnglishDataText>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
