import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { planningApi, type CatalogueResearch } from '../api.ts';
import { Cell, DataTable, PageStatus, RowHeader, usePageLoad } from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useFormat } from '../format.ts';

type Confidence = CatalogueResearch['sites'][number]['confidence'];

/** Texts as they were researched, one per line; nothing shows a dash. */
function Notes({ items }: { items: (string | null | undefined)[] }) {
  const shown = items.filter((item): item is string => Boolean(item));
  if (shown.length === 0) return <>–</>;
  return (
    <ul className="backoffice-list">
      {shown.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

/** Sources: web addresses as links, anything else (a book, a phone call) as text. */
function Sources({ sources }: { sources: string[] }) {
  if (sources.length === 0) return <>–</>;
  return (
    <ul className="backoffice-list">
      {sources.map((source) => {
        const url = /^https?:\/\/\S+/.exec(source)?.[0];
        return (
          <li key={source}>
            {url ? (
              <>
                <a className="kern-link" href={url} rel="noreferrer">
                  {url}
                </a>
                {source.slice(url.length)}
              </>
            ) : (
              source
            )}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * `/verwaltung/recherche`: the research behind the catalogue, for staff only: how sure each fact is, where it
 * comes from, research notes and what still needs checking. Citizens see none of it (the public API leaves it
 * out); this page is where it is read and verified.
 */
export function ResearchPage() {
  const { t } = useTranslation();
  const { number } = useFormat();
  const [research, setResearch] = useState<CatalogueResearch | null>(null);
  const { loadError } = usePageLoad(async () => setResearch(await planningApi.getCatalogueResearch()));
  const confidence = (value: Confidence) => t(`research.confidence.${value}`);
  const section = (id: string, children: ReactNode) => (
    <section aria-labelledby={id} className="backoffice-section">
      <h2 id={id} className="kern-heading-medium">
        {t(`research.${id.replace('research-', '')}.heading`)}
      </h2>
      {children}
    </section>
  );

  return (
    <>
      <PageHeading title={t('research.heading')}>{t('research.heading')}</PageHeading>
      <p>{t('research.intro')}</p>
      <PageStatus loadError={loadError} loading={research === null} />
      {research && (
        <>
          {section(
            'research-sites',
            <DataTable
              caption={t('research.sites.caption', { count: research.sites.length })}
              scrollLabel={t('research.sites.caption', { count: research.sites.length })}
              columns={['name', 'confidence', 'position', 'notes', 'facts', 'sources'].map((key) =>
                t(`research.sites.columns.${key}`),
              )}
              rows={research.sites}
              rowKey={(site) => site.id}
            >
              {(site) => (
                <>
                  <RowHeader>{site.name}</RowHeader>
                  <Cell>{confidence(site.confidence)}</Cell>
                  <Cell>
                    {site.coordinateUncertaintyM === null
                      ? (site.coordinateQuality ?? '–')
                      : t('research.sites.uncertainty', {
                          quality: site.coordinateQuality ?? '–',
                          metres: number(site.coordinateUncertaintyM),
                        })}
                  </Cell>
                  <Cell>
                    <Notes items={[site.coordinateNote, ...site.openingHoursNotes]} />
                  </Cell>
                  <Cell>
                    <Notes items={site.facts} />
                  </Cell>
                  <Cell>
                    <Sources sources={site.sources} />
                  </Cell>
                </>
              )}
            </DataTable>,
          )}
          {section(
            'research-districts',
            <DataTable
              caption={t('research.districts.caption', { count: research.districts.length })}
              scrollLabel={t('research.districts.caption', { count: research.districts.length })}
              columns={['name', 'confidence', 'population', 'notes', 'referencePoint', 'sources'].map((key) =>
                t(`research.districts.columns.${key}`),
              )}
              rows={research.districts}
              rowKey={(district) => district.id}
            >
              {(district) => (
                <>
                  <RowHeader>{district.name}</RowHeader>
                  <Cell>{confidence(district.confidence)}</Cell>
                  <Cell>{district.populationStatus ?? '–'}</Cell>
                  <Cell>
                    <Notes items={[district.populationNote]} />
                  </Cell>
                  <Cell>
                    <Notes items={[district.referencePointMethod]} />
                  </Cell>
                  <Cell>
                    <Sources sources={district.sources} />
                  </Cell>
                </>
              )}
            </DataTable>,
          )}
          {section(
            'research-services',
            <DataTable
              caption={t('research.services.caption', { count: research.services.length })}
              scrollLabel={t('research.services.caption', { count: research.services.length })}
              columns={['name', 'confidence', 'leika', 'minutes', 'fees', 'online', 'mobile', 'sources'].map(
                (key) => t(`research.services.columns.${key}`),
              )}
              rows={research.services}
              rowKey={(service) => service.id}
            >
              {(service) => (
                <>
                  <RowHeader>{service.name}</RowHeader>
                  <Cell>{confidence(service.confidence)}</Cell>
                  <Cell>
                    <Notes items={[service.leikaKey, service.leikaKeyStatus]} />
                  </Cell>
                  <Cell>
                    <Notes items={[service.minutesBasis, service.secondVisit]} />
                  </Cell>
                  <Cell>
                    <Notes
                      items={[
                        service.feeNote,
                        ...service.feeResearch.map((fee) =>
                          fee.eur === null
                            ? fee.item
                            : t('research.services.feeItem', { item: fee.item, eur: number(fee.eur, 2) }),
                        ),
                      ]}
                    />
                  </Cell>
                  <Cell>
                    <Notes items={[service.onlineNote]} />
                  </Cell>
                  <Cell>
                    <Notes items={[service.mobileSuitability]} />
                  </Cell>
                  <Cell>
                    <Sources sources={service.sources} />
                  </Cell>
                </>
              )}
            </DataTable>,
          )}
        </>
      )}
    </>
  );
}
