import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { planningApi, type Department, type District, type ServiceRelease, type StaffRole } from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  Checkbox,
  DataTable,
  errorOf as errorIn,
  PageStatus,
  RowHeader,
  SelectField,
  TextAreaField,
  TextField,
  type FieldError,
  usePageLoad,
} from '../components/backoffice/index.ts';
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
  const errorOf = (id: string) => errorIn(errors, id);
  if (department.services.length === 0) return null;

  return (
    <BackOfficeForm
      errors={errors}
      submission={submission}
      onSubmit={(event) => void submit(event)}
      submitLabel={t('departments.submitEstimate')}
    >
      <SelectField
        id={`${prefix}-service`}
        label={t('departments.service')}
        error={errorOf(`${prefix}-service`)}
        value={serviceId}
        onValueChange={setServiceId}
      >
        {department.services.map((service) => (
          <option key={service.id} value={service.id}>
            {name(service)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={`${prefix}-district`}
        label={t('departments.district')}
        error={errorOf(`${prefix}-district`)}
        value={districtId}
        onValueChange={setDistrictId}
      >
        {districts.map((district) => (
          <option key={district.id} value={district.id}>
            {district.name}
          </option>
        ))}
      </SelectField>
      <TextField
        id={`${prefix}-contacts`}
        label={t('departments.contacts')}
        hint={t('departments.contactsHint')}
        error={errorOf(`${prefix}-contacts`)}
        inputMode="numeric"
        value={contacts}
        onValueChange={setContacts}
        autoComplete="off"
      />
      <TextAreaField
        id={`${prefix}-comment`}
        label={t('departments.comment')}
        value={comment}
        maxLength={1000}
        onValueChange={setComment}
      />
    </BackOfficeForm>
  );
}

/** Departments: release of their services for the stations, readiness gates and demand estimates. */
export function DepartmentsPage({ role }: { role: StaffRole }) {
  const { t, i18n } = useTranslation();
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [districts, setDistricts] = useState<District[]>([]);
  const [drafts, setDrafts] = useState<Record<string, ServiceRelease>>({});
  const [status, setStatus] = useState('');
  const canChange = role === 'admin' || role === 'department';
  const name = (item: { nameDe: string; nameEn: string }) =>
    i18n.language === 'en' ? item.nameEn : item.nameDe;

  const { loadError, reload: load } = usePageLoad(async () => {
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
  });

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
      <PageStatus status={status} loadError={loadError} loading={departments === null} />
      {departments?.length === 0 && <p>{t('departments.none')}</p>}
      {departments?.map((department) => (
        <BackOfficeSection key={department.id} id={`department-${department.id}`} heading={name(department)}>
          {department.note && <p className="kern-hint">{department.note}</p>}
          <p className="kern-hint">
            {t('departments.confidence', {
              confidence: t(`departments.confidenceLevels.${department.confidence}`),
            })}
            {department.sources.length > 0 &&
              ` ${t('departments.sources', { count: department.sources.length })}`}
          </p>
          <DataTable
            caption={t('departments.caption', { department: name(department) })}
            columns={(
              ['service', 'released', 'efileLive', 'since', 'reviewed', 'state', 'save'] as const
            ).map((column) => t(`departments.columns.${column}`))}
            rows={department.services.filter((service) => drafts[service.id])}
            rowKey={(service) => service.id}
            empty={t('departments.noServices')}
          >
            {(service) => {
              const draft = drafts[service.id]!;
              const serviceName = name(service);
              const saved = {
                released: service.released,
                efileLive: service.efileLive,
                efileLiveSince: service.efileLiveSince,
                processReviewed: service.processReviewed,
              };
              const check = (field: 'released' | 'efileLive' | 'processReviewed', label: string) => (
                <Cell>
                  <Checkbox
                    id={`${field}-${service.id}`}
                    label={<span className="kern-sr-only">{label}</span>}
                    checked={draft[field]}
                    disabled={!canChange}
                    onCheckedChange={(checked) => setDraft(service.id, { [field]: checked })}
                  />
                </Cell>
              );
              return (
                <>
                  <RowHeader>{serviceName}</RowHeader>
                  {check('released', t('departments.releasedOf', { service: serviceName }))}
                  {check('efileLive', t('departments.efileLiveOf', { service: serviceName }))}
                  <Cell>
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
                  </Cell>
                  {check('processReviewed', t('departments.reviewedOf', { service: serviceName }))}
                  <Cell>{stateText(saved)}</Cell>
                  <Cell>
                    {canChange && (
                      <Button onClick={() => void save(service.id, serviceName)}>
                        {t('departments.save', { service: serviceName })}
                      </Button>
                    )}
                  </Cell>
                </>
              );
            }}
          </DataTable>
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
        </BackOfficeSection>
      ))}
    </>
  );
}
