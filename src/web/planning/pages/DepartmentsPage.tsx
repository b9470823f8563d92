import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { planningApi, type Department, type District, type ServiceRelease, type StaffRole } from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { FormField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

function EstimateForm({
  department,
  districts,
  name,
  onSubmitted,
}: {
  department: Department;
  districts: District[];
  name: (item: { nameDe: string; nameEn: string }) => string;
  onSubmitted: (message: string) => void;
}) {
  const { t } = useTranslation();
  const prefix = `estimate-${department.id}`;
  const [serviceId, setServiceId] = useState(department.services[0]?.id ?? '');
  const [districtId, setDistrictId] = useState(districts[0]?.id ?? '');
  const [contacts, setContacts] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const count = Number(contacts);
    const found: FieldError[] = [];
    if (!contacts.trim() || !Number.isInteger(count) || count < 0 || count > 100000)
      found.push({ fieldId: `${prefix}-contacts`, message: t('departments.contactsInvalid') });
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      await planningApi.submitDemandEstimate(department.id, {
        serviceId,
        districtId,
        contactsPerMonth: count,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      setContacts('');
      setComment('');
      onSubmitted(t('departments.estimateSaved'));
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      setErrors([
        {
          fieldId:
            field === 'districtId'
              ? `${prefix}-district`
              : field === 'serviceId'
                ? `${prefix}-service`
                : `${prefix}-contacts`,
          message: t('departments.estimateFailed', { detail: problemText(t, error) }),
        },
      ]);
      setSubmission((n) => n + 1);
    }
  };
  const errorOf = (id: string) => errors.find((error) => error.fieldId === id)?.message;
  if (department.services.length === 0) return null;

  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="planning-form">
      <ErrorSummary errors={errors} submission={submission} />
      <FormField
        id={`${prefix}-service`}
        label={t('departments.service')}
        error={errorOf(`${prefix}-service`)}
      >
        {(describedBy) => (
          <select
            id={`${prefix}-service`}
            className="kern-form-input__select"
            value={serviceId}
            onChange={(event) => setServiceId(event.target.value)}
            aria-describedby={describedBy}
          >
            {department.services.map((service) => (
              <option key={service.id} value={service.id}>
                {name(service)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        id={`${prefix}-district`}
        label={t('departments.district')}
        error={errorOf(`${prefix}-district`)}
      >
        {(describedBy) => (
          <select
            id={`${prefix}-district`}
            className="kern-form-input__select"
            value={districtId}
            onChange={(event) => setDistrictId(event.target.value)}
            aria-describedby={describedBy}
          >
            {districts.map((district) => (
              <option key={district.id} value={district.id}>
                {district.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        id={`${prefix}-contacts`}
        label={t('departments.contacts')}
        hint={t('departments.contactsHint')}
        error={errorOf(`${prefix}-contacts`)}
      >
        {(describedBy) => (
          <input
            id={`${prefix}-contacts`}
            className={`kern-form-input__input${errorOf(`${prefix}-contacts`) ? ' kern-form-input__input--error' : ''}`}
            inputMode="numeric"
            value={contacts}
            onChange={(event) => setContacts(event.target.value)}
            aria-invalid={errorOf(`${prefix}-contacts`) ? true : undefined}
            aria-describedby={describedBy}
            autoComplete="off"
          />
        )}
      </FormField>
      <FormField id={`${prefix}-comment`} label={t('departments.comment')}>
        {(describedBy) => (
          <textarea
            id={`${prefix}-comment`}
            className="kern-form-input__input"
            value={comment}
            maxLength={1000}
            onChange={(event) => setComment(event.target.value)}
            aria-describedby={describedBy}
          />
        )}
      </FormField>
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">{t('departments.submitEstimate')}</span>
      </button>
    </form>
  );
}

/** Departments: release of their services for the stations, readiness gates and demand estimates. */
export function DepartmentsPage({ role }: { role: StaffRole }) {
  const { t, i18n } = useTranslation();
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [districts, setDistricts] = useState<District[]>([]);
  const [drafts, setDrafts] = useState<Record<string, ServiceRelease>>({});
  const [loadError, setLoadError] = useState('');
  const [status, setStatus] = useState('');
  const canChange = role === 'admin' || role === 'department';
  const name = (item: { nameDe: string; nameEn: string }) =>
    i18n.language === 'en' ? item.nameEn : item.nameDe;

  const load = useCallback(async () => {
    try {
      const [list, districtList] = await Promise.all([
        planningApi.listDepartments(),
        planningApi.listDistricts(),
      ]);
      setDepartments(list.items);
      setDistricts(districtList.items);
      setDrafts(
        Object.fromEntries(
          list.items.flatMap((department) =>
            department.services.map((service) => [
              service.id,
              {
                released: service.released,
                efileLive: service.efileLive,
                efileLiveSince: service.efileLiveSince,
                processReviewed: service.processReviewed,
              },
            ]),
          ),
        ),
      );
    } catch (error) {
      setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

  const setDraft = (serviceId: string, change: Partial<ServiceRelease>) =>
    setDrafts((current) => {
      const next = { ...current[serviceId]!, ...change };
      if (!next.efileLive) next.efileLiveSince = null;
      return { ...current, [serviceId]: next };
    });

  const save = async (serviceId: string, serviceName: string) => {
    try {
      await planningApi.updateServiceRelease(serviceId, drafts[serviceId]!);
      setStatus(t('departments.saved', { service: serviceName }));
      await load();
    } catch (error) {
      setStatus(t('departments.saveFailed', { service: serviceName, detail: problemText(t, error) }));
    }
  };

  const stateText = (release: ServiceRelease) =>
    !release.released
      ? t('departments.reasons.notReleased')
      : !release.efileLive
        ? t('departments.reasons.efileNotLive')
        : !release.processReviewed
          ? t('departments.reasons.processNotReviewed')
          : t('departments.reasons.ready');

  return (
    <>
      <PageHeading title={t('departments.heading')}>{t('departments.heading')}</PageHeading>
      <p>{t('departments.intro')}</p>
      <p role="status" className="backoffice-status">
        {status}
      </p>
      {loadError && <p className="planning-error">{loadError}</p>}
      {departments === null && !loadError && <p>{t('app.loading')}</p>}
      {departments?.length === 0 && <p>{t('departments.none')}</p>}
      {departments?.map((department) => (
        <section
          key={department.id}
          aria-labelledby={`department-${department.id}`}
          className="backoffice-section"
        >
          <h2 id={`department-${department.id}`} className="kern-heading-medium">
            {name(department)}
          </h2>
          {department.note && <p className="kern-hint">{department.note}</p>}
          <p className="kern-hint">
            {t('departments.confidence', {
              confidence: t(`departments.confidenceLevels.${department.confidence}`),
            })}
            {department.sources.length > 0 &&
              ` ${t('departments.sources', { count: department.sources.length })}`}
          </p>
          {department.services.length === 0 ? (
            <p>{t('departments.noServices')}</p>
          ) : (
            <div className="planning-table-wrap">
              <table className="kern-table planning-table">
                <caption className="kern-table__caption">
                  {t('departments.caption', { department: name(department) })}
                </caption>
                <thead className="kern-table__head">
                  <tr className="kern-table__row">
                    {(
                      ['service', 'released', 'efileLive', 'since', 'reviewed', 'state', 'save'] as const
                    ).map((column) => (
                      <th key={column} scope="col" className="kern-table__header">
                        {t(`departments.columns.${column}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {department.services.map((service) => {
                    const draft = drafts[service.id];
                    if (!draft) return null;
                    const serviceName = name(service);
                    const saved = {
                      released: service.released,
                      efileLive: service.efileLive,
                      efileLiveSince: service.efileLiveSince,
                      processReviewed: service.processReviewed,
                    };
                    const check = (field: 'released' | 'efileLive' | 'processReviewed', label: string) => (
                      <td className="kern-table__cell">
                        <div className="kern-form-check">
                          <input
                            id={`${field}-${service.id}`}
                            className="kern-form-check__checkbox"
                            type="checkbox"
                            checked={draft[field]}
                            disabled={!canChange}
                            onChange={(event) => setDraft(service.id, { [field]: event.target.checked })}
                          />
                          <label className="kern-label" htmlFor={`${field}-${service.id}`}>
                            <span className="kern-sr-only">{label}</span>
                          </label>
                        </div>
                      </td>
                    );
                    return (
                      <tr key={service.id} className="kern-table__row">
                        <th scope="row" className="kern-table__cell">
                          {serviceName}
                        </th>
                        {check('released', t('departments.releasedOf', { service: serviceName }))}
                        {check('efileLive', t('departments.efileLiveOf', { service: serviceName }))}
                        <td className="kern-table__cell">
                          <label className="kern-label kern-sr-only" htmlFor={`since-${service.id}`}>
                            {t('departments.sinceOf', { service: serviceName })}
                          </label>
                          <input
                            id={`since-${service.id}`}
                            className="kern-form-input__input"
                            type="date"
                            value={draft.efileLiveSince ?? ''}
                            disabled={!canChange || !draft.efileLive}
                            onChange={(event) =>
                              setDraft(service.id, { efileLiveSince: event.target.value || null })
                            }
                          />
                        </td>
                        {check('processReviewed', t('departments.reviewedOf', { service: serviceName }))}
                        <td className="kern-table__cell">{stateText(saved)}</td>
                        <td className="kern-table__cell">
                          {canChange && (
                            <button
                              type="button"
                              className="kern-btn kern-btn--secondary"
                              onClick={() => void save(service.id, serviceName)}
                            >
                              <span className="kern-label">
                                {t('departments.save', { service: serviceName })}
                              </span>
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {department.demandEstimates.length > 0 && (
            <>
              <h3 className="kern-heading-small">{t('departments.estimatesHeading')}</h3>
              <ul className="kern-list">
                {department.demandEstimates.map((estimate) => {
                  const service = department.services.find((s) => s.id === estimate.serviceId);
                  const district = districts.find((d) => d.id === estimate.districtId);
                  return (
                    <li key={estimate.id}>
                      {t('departments.estimateLine', {
                        service: service ? name(service) : estimate.serviceId,
                        district: district?.name ?? estimate.districtId,
                        count: estimate.contactsPerMonth,
                      })}
                      {estimate.comment ? ` – ${estimate.comment}` : ''}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
          {canChange && districts.length > 0 && (
            <>
              <h3 className="kern-heading-small">{t('departments.estimateHeading')}</h3>
              <EstimateForm
                department={department}
                districts={districts}
                name={name}
                onSubmitted={(message) => {
                  setStatus(message);
                  void load();
                }}
              />
            </>
          )}
        </section>
      ))}
    </>
  );
}
