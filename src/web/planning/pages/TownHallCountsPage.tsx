import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { problemText } from '../../api/problemMessages.ts';
import {
  planningApi,
  type TownHallImportIssue,
  type TownHallImportResult,
  type TownHallImports,
} from '../api.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Cell,
  DataTable,
  PageStatus,
  RowHeader,
  errorOf,
  usePageLoad,
  type FieldError,
} from '../components/backoffice/index.ts';
import { FormField } from '../components/FormField.tsx';
import { importRefusal, type ImportRefusal } from '../components/backoffice/importRefusal.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useFormat } from '../format.ts';

const FILE_FIELD = 'town-hall-file';
/** The server's limits (src/server/import/townHallCsv.ts, src/domain/townHallCounts.ts). */
const MAX_FILE_BYTES = 1_000_000;
const MAX_ROWS = 20_000;
/** Problems linked one by one from the error summary; the table below lists them all. */
const SUMMARY_ISSUES = 10;
const issueId = (index: number) => `town-hall-issue-${index}`;

type Refusal = ImportRefusal<TownHallImportIssue>;

/** The text of a file: UTF-8 (with or without a byte-order mark), else Windows-1252 as older Excel saves CSV. */
async function readText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * The town hall's daily counts per service (tracker issue 10): planners and admins upload the CSV the citizen
 * office exports; a wrong file is refused whole, with every problem named as file:row:column in the error
 * summary and a table; the evaluation compares the counts with the Mobiles Rathaus.
 */
export function TownHallCountsPage() {
  const format = useFormat();
  const { t } = format;
  const [overview, setOverview] = useState<TownHallImports | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [result, setResult] = useState<TownHallImportResult | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const issuesHeading = useRef<HTMLHeadingElement>(null);
  const { loadError, reload } = usePageLoad(async () => setOverview(await planningApi.listTownHallImports()));

  const day = (value: string) => format.day(`${value}T12:00:00Z`);
  const place = (issue: TownHallImportIssue) => `${issue.file}:${issue.row}:${issue.field}`;
  const issueText = (issue: TownHallImportIssue) =>
    t(`townHall.issues.${issue.code}`, {
      defaultValue: t('townHall.issues.other', { code: issue.code }),
      firstRow: issue.firstRow,
      max: format.number(MAX_ROWS),
    });

  const fail = (fieldError: string) => {
    setErrors([{ fieldId: FILE_FIELD, message: fieldError }]);
    setRefusal(null);
    setSubmission((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    setResult(null);
    if (!file) return fail(t('townHall.errors.noFile'));
    if (file.size > MAX_FILE_BYTES) return fail(t('townHall.errors.tooLarge'));
    let content: string;
    try {
      content = await readText(file);
    } catch {
      return fail(t('townHall.errors.unreadable'));
    }
    setBusy(true);
    setStatus(t('townHall.busy'));
    try {
      const imported = await planningApi.importTownHallCounts({ fileName: file.name, content });
      setErrors([]);
      setRefusal(null);
      setResult(imported);
      setStatus(t('townHall.done', { file: imported.fileName }));
      await reload();
    } catch (error) {
      setStatus('');
      const refused = importRefusal<TownHallImportIssue>(error, {
        fileName: file.name,
        shown: SUMMARY_ISSUES,
        issueId,
        entry: (issue) => t('townHall.issueEntry', { place: place(issue), message: issueText(issue) }),
        tableId: 'town-hall-issues',
        more: (count) => t('townHall.moreIssues', { count }),
      });
      if (refused) {
        setRefusal(refused.refusal);
        setErrors(refused.errors);
        setSubmission((n) => n + 1);
      } else {
        fail(problemText(t, error));
      }
    } finally {
      setBusy(false);
    }
  };

  const coverage = overview?.coverage;
  return (
    <>
      <PageHeading title={t('townHall.heading')}>{t('townHall.heading')}</PageHeading>
      <p>{t('townHall.intro')}</p>
      <p>
        <Link className="kern-link" to="/verwaltung/auswertung">
          {t('townHall.toEvaluation')}
        </Link>
      </p>
      <PageStatus status={status} loadError={loadError} loading={!overview} />

      <BackOfficeSection id="town-hall-upload" heading={t('townHall.uploadHeading')}>
        {/* The summary of a refused file is titled with the file and its number of errors. */}
        <ErrorSummary
          errors={errors}
          submission={submission}
          title={
            refusal ? t('townHall.issuesTitle', { file: refusal.file, count: refusal.issueCount }) : undefined
          }
        />
        <BackOfficeForm onSubmit={(event) => void submit(event)} submitLabel={t('townHall.submit')}>
          <FormField
            id={FILE_FIELD}
            label={t('townHall.fileLabel')}
            hint={t('townHall.fileHint', { rows: format.number(MAX_ROWS) })}
            error={errorOf(errors, FILE_FIELD)}
          >
            {(describedBy) => (
              <input
                id={FILE_FIELD}
                type="file"
                accept=".csv,text/csv,text/plain"
                className="kern-form-input__input"
                aria-describedby={describedBy}
                aria-invalid={errorOf(errors, FILE_FIELD) || refusal ? true : undefined}
                disabled={busy}
                onChange={(event) => {
                  setFile(event.target.files?.[0] ?? null);
                  setRefusal(null);
                  setErrors([]);
                }}
              />
            )}
          </FormField>
        </BackOfficeForm>
      </BackOfficeSection>

      {refusal && (
        <BackOfficeSection
          id="town-hall-issues"
          heading={t('townHall.issuesHeading')}
          headingRef={issuesHeading}
        >
          <p>{t('townHall.issuesIntro')}</p>
          {refusal.issueCount > refusal.issues.length && (
            <p>{t('townHall.issuesListed', { shown: refusal.issues.length, count: refusal.issueCount })}</p>
          )}
          <DataTable
            caption={t('townHall.issuesCaption', { file: refusal.file })}
            scrollLabel={t('townHall.issuesCaption', { file: refusal.file })}
            columns={[
              t('townHall.issueColumns.place'),
              t('townHall.issueColumns.problem'),
              t('townHall.issueColumns.value'),
            ]}
            rows={refusal.issues.map((issue, index) => ({ issue, index }))}
            rowKey={({ index }) => index}
          >
            {({ issue, index }) => (
              <>
                <RowHeader id={issueId(index)} tabIndex={-1}>
                  {place(issue)}
                </RowHeader>
                <Cell>{issueText(issue)}</Cell>
                <Cell>{issue.value ?? ''}</Cell>
              </>
            )}
          </DataTable>
        </BackOfficeSection>
      )}

      {result && (
        <BackOfficeSection id="town-hall-result" heading={t('townHall.resultHeading')}>
          <ul className="kern-list">
            <li>{t('townHall.result.rows', { value: format.number(result.rows) })}</li>
            <li>
              {t('townHall.result.days', {
                value: format.number(result.days),
                first: day(result.firstDay),
                last: day(result.lastDay),
              })}
            </li>
            <li>{t('townHall.result.services', { value: format.number(result.services) })}</li>
            <li>{t('townHall.result.total', { value: format.number(result.total) })}</li>
            <li>{t('townHall.result.replaced', { value: format.number(result.replacedRows) })}</li>
          </ul>
        </BackOfficeSection>
      )}

      <BackOfficeSection id="town-hall-format" heading={t('townHall.formatHeading')}>
        <p>{t('townHall.formatIntro')}</p>
        <ul className="kern-list">
          {(['datum', 'leistung', 'anzahl', 'replace', 'allOrNothing'] as const).map((item) => (
            <li key={item}>{t(`townHall.formatItems.${item}`)}</li>
          ))}
        </ul>
        <figure>
          <figcaption>{t('townHall.exampleLabel')}</figcaption>
          <pre className="planning-example">{t('townHall.example')}</pre>
        </figure>
        {overview && overview.services.length > 0 && (
          <details>
            <summary>{t('townHall.servicesSummary')}</summary>
            <DataTable
              caption={t('townHall.servicesCaption')}
              columns={[t('townHall.servicesColumns.name'), t('townHall.servicesColumns.id')]}
              rows={overview.services}
              rowKey={(service) => service.id}
            >
              {(service) => (
                <>
                  <RowHeader>{format.locale === 'en-GB' ? service.nameEn : service.nameDe}</RowHeader>
                  <Cell>
                    <code>{service.id}</code>
                  </Cell>
                </>
              )}
            </DataTable>
          </details>
        )}
      </BackOfficeSection>

      {overview && (
        <BackOfficeSection id="town-hall-imports" heading={t('townHall.importsHeading')}>
          <p>
            {coverage?.firstDay && coverage.lastDay
              ? t('townHall.coverage', {
                  days: format.number(coverage.days),
                  first: day(coverage.firstDay),
                  last: day(coverage.lastDay),
                })
              : t('townHall.noCoverage')}
          </p>
          <DataTable
            caption={t('townHall.importsCaption')}
            scrollLabel={t('townHall.importsCaption')}
            columns={(['file', 'importedAt', 'rows', 'days', 'range', 'replaced'] as const).map((column) =>
              t(`townHall.importsColumns.${column}`),
            )}
            rows={overview.items}
            rowKey={(item) => item.id}
            empty={t('townHall.importsEmpty')}
          >
            {(item) => (
              <>
                <RowHeader>{item.fileName}</RowHeader>
                <Cell>{format.date(item.importedAt)}</Cell>
                <Cell>{format.number(item.rows)}</Cell>
                <Cell>{format.number(item.days)}</Cell>
                <Cell>{t('townHall.range', { first: day(item.firstDay), last: day(item.lastDay) })}</Cell>
                <Cell>{format.number(item.replacedRows)}</Cell>
              </>
            )}
          </DataTable>
        </BackOfficeSection>
      )}
    </>
  );
}
