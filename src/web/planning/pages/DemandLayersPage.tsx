import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { ConfirmAction } from '../../components/ConfirmAction/ConfirmAction.tsx';
import { problemText } from '../../api/problemMessages.ts';
import { planningApi, type DemandLayers, type GtfsFeed, type ImportIssue } from '../api.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Cell,
  DataTable,
  PageStatus,
  RowHeader,
  SelectField,
  TextField,
  errorOf,
  usePageLoad,
  type FieldError,
} from '../components/backoffice/index.ts';
import { FormField } from '../components/FormField.tsx';
import { importRefusal, type ImportRefusal } from '../components/backoffice/importRefusal.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useFormat } from '../format.ts';

const FILE_FIELD = 'layer-file';
const KINDS = ['grid', 'points', 'gtfs'] as const;
type UploadKind = (typeof KINDS)[number];
/** Problems linked one by one from the error summary. */
const SUMMARY_ISSUES = 20;
const issueId = (index: number) => `layer-issue-${index}`;

type Refusal = ImportRefusal<ImportIssue>;

/**
 * Demand layers and public transport timetables (tracker issue 13): planners upload the Zensus grid, a points
 * CSV or a GTFS feed, with the upload's progress; a wrong file is refused whole, with each problem named as
 * file:row:field in the error summary.
 */
export function DemandLayersPage() {
  const format = useFormat();
  const { t } = format;
  const [layers, setLayers] = useState<DemandLayers | null>(null);
  const [feeds, setFeeds] = useState<GtfsFeed[] | null>(null);
  const [kind, setKind] = useState<UploadKind>('grid');
  const [file, setFile] = useState<File | null>(null);
  /** Changed after a successful upload, so that the file input starts empty again. */
  const [fileKey, setFileKey] = useState(0);
  const [name, setName] = useState('');
  const [source, setSource] = useState('');
  const [sourceDate, setSourceDate] = useState('');
  const [licence, setLicence] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [status, setStatus] = useState('');
  const { loadError, reload } = usePageLoad(async () => {
    const [layerList, feedList] = await Promise.all([
      planningApi.listDemandLayers(),
      planningApi.listGtfsFeeds(),
    ]);
    setLayers(layerList);
    setFeeds(feedList.items);
  });

  const busy = progress !== null;
  const day = (value: string | null) => (value ? format.day(`${value}T12:00:00Z`) : t('demandLayers.noDate'));
  const place = (issue: ImportIssue) => `${issue.file}:${issue.row}:${issue.field}`;
  const issueText = (issue: ImportIssue) =>
    t(`demandLayers.issues.${issue.code}`, {
      defaultValue: t('demandLayers.issues.other', { code: issue.code }),
    });

  const fail = (fieldId: string, message: string) => {
    setErrors([{ fieldId, message }]);
    setRefusal(null);
    setSubmission((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    if (!file) return fail(FILE_FIELD, t('demandLayers.errors.noFile'));
    if (kind === 'gtfs' && !name.trim()) return fail('layer-name', t('demandLayers.errors.noName'));
    setProgress(0);
    try {
      if (kind === 'gtfs') {
        const feed = await planningApi.importGtfsFeed(
          file,
          { name: name.trim(), fileName: file.name },
          setProgress,
        );
        setStatus(t('demandLayers.feedDone', { name: feed.name, stops: format.number(feed.stops) }));
      } else {
        const imported = await planningApi.importDemandLayer(
          kind,
          file,
          {
            fileName: file.name,
            name: name.trim(),
            source: source.trim(),
            sourceDate,
            licence: licence.trim(),
          },
          setProgress,
        );
        setStatus(
          t('demandLayers.layerDone', { file: imported.fileName, points: format.number(imported.points) }),
        );
      }
      setErrors([]);
      setRefusal(null);
      setFile(null);
      setFileKey((n) => n + 1);
      setName('');
      await reload();
    } catch (error) {
      const refused = importRefusal<ImportIssue>(error, {
        fileName: file.name,
        shown: SUMMARY_ISSUES,
        issueId,
        entry: (issue) => t('demandLayers.issueEntry', { place: place(issue), message: issueText(issue) }),
        tableId: 'layer-issues',
        more: (count) => t('demandLayers.moreIssues', { count }),
      });
      if (refused) {
        setRefusal(refused.refusal);
        setErrors(refused.errors);
        setSubmission((n) => n + 1);
      } else {
        fail(FILE_FIELD, problemText(t, error));
      }
    } finally {
      setProgress(null);
    }
  };

  const remove = async (layerId: string, layerName: string) => {
    try {
      await planningApi.deleteDemandLayer(layerId);
      setStatus(t('demandLayers.deleted', { name: layerName }));
      await reload();
    } catch (error) {
      setStatus(problemText(t, error));
    }
  };

  const percent = progress === null ? 0 : Math.round(progress * 100);
  const layerMeta = kind !== 'gtfs';
  return (
    <>
      <PageHeading title={t('demandLayers.heading')}>{t('demandLayers.heading')}</PageHeading>
      <p>{t('demandLayers.intro')}</p>
      <PageStatus status={status} loadError={loadError} loading={!layers} />

      <BackOfficeSection id="layer-upload" heading={t('demandLayers.uploadHeading')}>
        <ErrorSummary
          errors={errors}
          submission={submission}
          title={
            refusal
              ? t('demandLayers.issuesTitle', { file: refusal.file, count: refusal.issueCount })
              : undefined
          }
        />
        <BackOfficeForm onSubmit={(event) => void submit(event)} submitLabel={t('demandLayers.submit')}>
          <SelectField
            id="layer-kind"
            label={t('demandLayers.kindLabel')}
            hint={t(`demandLayers.kindHints.${kind}`)}
            value={kind}
            onValueChange={(value) => {
              setKind(value as UploadKind);
              setRefusal(null);
              setErrors([]);
            }}
          >
            {KINDS.map((option) => (
              <option key={option} value={option}>
                {t(`demandLayers.kinds.${option}`)}
              </option>
            ))}
          </SelectField>
          <FormField
            id={FILE_FIELD}
            label={t('demandLayers.fileLabel')}
            hint={t(kind === 'gtfs' ? 'demandLayers.fileHintZip' : 'demandLayers.fileHintCsv')}
            error={errorOf(errors, FILE_FIELD)}
          >
            {(describedBy) => (
              <input
                key={fileKey}
                id={FILE_FIELD}
                type="file"
                accept={kind === 'gtfs' ? '.zip,application/zip' : '.csv,text/csv,text/plain'}
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
          <TextField
            id="layer-name"
            label={t(kind === 'gtfs' ? 'demandLayers.nameLabelRequired' : 'demandLayers.nameLabel')}
            value={name}
            maxLength={200}
            error={errorOf(errors, 'layer-name')}
            onValueChange={setName}
          />
          {layerMeta && (
            <>
              <TextField
                id="layer-source"
                label={t('demandLayers.sourceLabel')}
                hint={t('demandLayers.sourceHint')}
                value={source}
                maxLength={500}
                onValueChange={setSource}
              />
              <TextField
                id="layer-date"
                type="date"
                label={t('demandLayers.dateLabel')}
                value={sourceDate}
                onValueChange={setSourceDate}
              />
              <TextField
                id="layer-licence"
                label={t('demandLayers.licenceLabel')}
                value={licence}
                maxLength={500}
                onValueChange={setLicence}
              />
            </>
          )}
        </BackOfficeForm>
        {busy && (
          <div className="planning-progress">
            <label htmlFor="layer-progress">{t('demandLayers.progressLabel')}</label>{' '}
            <progress id="layer-progress" max={100} value={percent}>
              {t('demandLayers.progressValue', { percent })}
            </progress>
          </div>
        )}
        <p aria-live="polite">{busy ? t('demandLayers.progressValue', { percent }) : ''}</p>
      </BackOfficeSection>

      {refusal && (
        <BackOfficeSection id="layer-issues" heading={t('demandLayers.issuesHeading')}>
          <DataTable
            caption={t('demandLayers.issuesCaption', { file: refusal.file })}
            scrollLabel={t('demandLayers.issuesCaption', { file: refusal.file })}
            columns={[t('demandLayers.issueColumns.place'), t('demandLayers.issueColumns.problem')]}
            rows={refusal.issues.map((issue, index) => ({ issue, index }))}
            rowKey={({ index }) => index}
          >
            {({ issue, index }) => (
              <>
                <RowHeader id={issueId(index)} tabIndex={-1}>
                  {place(issue)}
                </RowHeader>
                <Cell>{issueText(issue)}</Cell>
              </>
            )}
          </DataTable>
        </BackOfficeSection>
      )}

      {layers && (
        <BackOfficeSection id="layer-list" heading={t('demandLayers.layersHeading')}>
          <DataTable
            caption={t('demandLayers.layersCaption')}
            scrollLabel={t('demandLayers.layersCaption')}
            columns={(['name', 'kind', 'source', 'date', 'licence', 'counts', 'action'] as const).map(
              (column) => t(`demandLayers.layerColumns.${column}`),
            )}
            rows={layers.items}
            rowKey={(layer) => layer.id}
            empty={t('demandLayers.layersEmpty')}
          >
            {(layer) => (
              <>
                <RowHeader>{layer.name}</RowHeader>
                <Cell>{t(`demandLayers.kinds.${layer.kind}`)}</Cell>
                <Cell>{layer.source}</Cell>
                <Cell>{day(layer.sourceDate)}</Cell>
                <Cell>{layer.licence}</Cell>
                <Cell>
                  {t(layer.kind === 'grid' ? 'demandLayers.gridCounts' : 'demandLayers.pointCounts', {
                    points: format.number(layer.points),
                    rows: format.number(layer.rowsRead),
                    outside: format.number(layer.rowsOutside),
                    weight: format.number(layer.weightTotal),
                  })}
                </Cell>
                <Cell>
                  <ConfirmAction
                    appearance="tertiary"
                    label={t('demandLayers.delete')}
                    ariaLabel={t('demandLayers.deleteNamed', { name: layer.name })}
                    question={t('demandLayers.deleteQuestion', { name: layer.name })}
                    consequence={t('demandLayers.deleteConsequence')}
                    yes={t('demandLayers.deleteYes')}
                    no={t('app.confirmNo')}
                    onConfirm={() => void remove(layer.id, layer.name)}
                  />
                </Cell>
              </>
            )}
          </DataTable>
        </BackOfficeSection>
      )}

      {feeds && (
        <BackOfficeSection id="feed-list" heading={t('demandLayers.feedsHeading')}>
          <p>{t('demandLayers.feedsIntro')}</p>
          <DataTable
            caption={t('demandLayers.feedsCaption')}
            scrollLabel={t('demandLayers.feedsCaption')}
            columns={(['name', 'file', 'validity', 'counts', 'uploaded'] as const).map((column) =>
              t(`demandLayers.feedColumns.${column}`),
            )}
            rows={feeds}
            rowKey={(feed) => feed.id}
            empty={t('demandLayers.feedsEmpty')}
          >
            {(feed) => (
              <>
                <RowHeader>{feed.name}</RowHeader>
                <Cell>{feed.fileName}</Cell>
                <Cell>
                  {t('demandLayers.validity', { from: day(feed.validFrom), to: day(feed.validTo) })}
                </Cell>
                <Cell>
                  {t('demandLayers.feedCounts', {
                    stops: format.number(feed.stops),
                    routes: format.number(feed.routes),
                    trips: format.number(feed.trips),
                    stopTimes: format.number(feed.stopTimes),
                  })}
                </Cell>
                <Cell>{format.date(feed.uploadedAt)}</Cell>
              </>
            )}
          </DataTable>
        </BackOfficeSection>
      )}
    </>
  );
}
