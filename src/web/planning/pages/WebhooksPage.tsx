import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { planningApi, type CaseEventTypeName, type WebhookDelivery, type WebhookList } from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  CheckboxGroup,
  DataTable,
  errorOf,
  Options,
  PageStatus,
  RowHeader,
  SelectField,
  TextField,
  type FieldError,
  usePageLoad,
} from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { ConfirmAction } from '../../components/ConfirmAction/ConfirmAction.tsx';
import { useFormat } from '../format.ts';

const EVENT_PREFIX = 'de.mobiles-rathaus.case.';
/** 'de.mobiles-rathaus.case.step-completed' → 'step-completed' (message key and checkbox value). */
const shortType = (type: string) => type.replace(EVENT_PREFIX, '');

/** Where a server problem's field points in this form. */
const fieldIds: Record<string, string> = {
  url: 'webhook-url',
  departmentId: 'webhook-department',
  serviceId: 'webhook-service',
  description: 'webhook-description',
};

/**
 * Webhooks to specialist procedures (admins; department leads for their own departments): the list with
 * deactivate, reactivate and delete, the form for a new one (the secret is shown once after creating), and
 * the dead-letter view with "send again".
 */
export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const { date } = useFormat();
  const [list, setList] = useState<WebhookList | null>(null);
  const [dead, setDead] = useState<WebhookDelivery[]>([]);
  const [status, setStatus] = useState('');
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [url, setUrl] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);

  const { loadError, reload: load } = usePageLoad(async () => {
    const [webhooks, deliveries] = await Promise.all([
      planningApi.listWebhooks(),
      planningApi.listWebhookDeliveries({ status: 'dead' }),
    ]);
    setList(webhooks);
    setDead(deliveries.items);
  });

  const english = i18n.language === 'en';
  const named = (item: { nameDe: string; nameEn: string }) => (english ? item.nameEn : item.nameDe);
  const departmentName = (id: string | null) => {
    if (id === null) return t('webhooks.allDepartments');
    const found = list?.options.departments.find((department) => department.id === id);
    return found ? named(found) : id;
  };
  const serviceName = (id: string | null) => {
    if (id === null) return t('webhooks.allServices');
    const found = list?.options.services.find((service) => service.id === id);
    return found ? named(found) : id;
  };
  const eventName = (type: string) => t(`webhooks.events.${shortType(type)}`);
  const services = (list?.options.services ?? []).filter(
    (service) => !departmentId || service.departmentId === departmentId,
  );

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const address = url.trim();
    if (!address) found.push({ fieldId: 'webhook-url', message: t('webhooks.urlMissing') });
    else if (!/^https?:\/\/\S+$/i.test(address))
      found.push({ fieldId: 'webhook-url', message: t('webhooks.urlInvalid') });
    if (list?.options.departmentRequired && !departmentId)
      found.push({ fieldId: 'webhook-department', message: t('webhooks.departmentMissing') });
    if (eventTypes.length === 0)
      found.push({ fieldId: 'webhook-events', message: t('webhooks.eventsMissing') });
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const created = await planningApi.createWebhook({
        url: address,
        eventTypes: eventTypes.map((type) => `${EVENT_PREFIX}${type}`),
        departmentId: departmentId || null,
        serviceId: serviceId || null,
        description: description.trim() || null,
      });
      setSecret({ url: created.webhook.url, secret: created.secret });
      setStatus(t('webhooks.created', { url: created.webhook.url }));
      setUrl('');
      setDepartmentId('');
      setServiceId('');
      setEventTypes([]);
      setDescription('');
      await load();
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      const fieldId = field?.startsWith('eventTypes')
        ? 'webhook-events'
        : (fieldIds[field ?? ''] ?? 'webhook-url');
      setErrors([{ fieldId, message: t('webhooks.createFailed', { detail: problemText(t, error) }) }]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      setStatus(done);
      await load();
    } catch (error) {
      setStatus(t('webhooks.actionFailed', { detail: problemText(t, error) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title={t('webhooks.heading')}>{t('webhooks.heading')}</PageHeading>
      <p>{t('webhooks.intro')}</p>
      <p>{t('webhooks.signing')}</p>
      <PageStatus status={status} />
      {secret && (
        <div className="kern-alert kern-alert--info" role="region" aria-label={t('webhooks.secretLabel')}>
          <div className="kern-alert__body">
            <p className="kern-body">{t('webhooks.secretOnce', { url: secret.url })}</p>
            <p className="kern-body">
              <code className="backoffice-secret" data-testid="webhook-secret">
                {secret.secret}
              </code>
            </p>
          </div>
        </div>
      )}
      <PageStatus loadError={loadError} loading={list === null} />
      {list && (
        <DataTable
          caption={t('webhooks.caption', { count: list.items.length })}
          columns={(['url', 'filter', 'events', 'state', 'actions'] as const).map((column) =>
            t(`webhooks.columns.${column}`),
          )}
          rows={list.items}
          rowKey={(webhook) => webhook.id}
          empty={t('webhooks.none')}
        >
          {(webhook) => (
            <>
              <RowHeader>
                {webhook.url}
                {webhook.description && (
                  <>
                    <br />
                    <span className="kern-hint">{webhook.description}</span>
                  </>
                )}
              </RowHeader>
              <Cell>
                {departmentName(webhook.departmentId)}
                <br />
                {serviceName(webhook.serviceId)}
              </Cell>
              <Cell>{webhook.eventTypes.map(eventName).join(', ')}</Cell>
              <Cell>
                {webhook.active ? t('webhooks.state.active') : t('webhooks.state.inactive')}
                <br />
                {t('webhooks.state.counts', {
                  pending: webhook.pendingDeliveries,
                  dead: webhook.deadDeliveries,
                })}
              </Cell>
              <Cell className="backoffice-row-actions">
                {webhook.active ? (
                  <ConfirmAction
                    label={t('webhooks.deactivate', { url: webhook.url })}
                    appearance="secondary"
                    question={t('webhooks.deactivateQuestion', { url: webhook.url })}
                    consequence={t('webhooks.deactivateConsequence')}
                    yes={t('webhooks.deactivateYes')}
                    no={t('app.confirmNo')}
                    disabled={busy}
                    onConfirm={() =>
                      void act(
                        () => planningApi.updateWebhook(webhook.id, { active: false }),
                        t('webhooks.deactivated', { url: webhook.url }),
                      )
                    }
                  />
                ) : (
                  <Button
                    disabled={busy}
                    onClick={() =>
                      void act(
                        () => planningApi.updateWebhook(webhook.id, { active: true }),
                        t('webhooks.activated', { url: webhook.url }),
                      )
                    }
                  >
                    {t('webhooks.activate', { url: webhook.url })}
                  </Button>
                )}
                <ConfirmAction
                  label={t('webhooks.delete', { url: webhook.url })}
                  appearance="tertiary"
                  question={t('webhooks.deleteQuestion', { url: webhook.url })}
                  consequence={t('webhooks.deleteConsequence')}
                  yes={t('webhooks.deleteYes')}
                  no={t('app.confirmNo')}
                  disabled={busy}
                  onConfirm={() =>
                    void act(
                      () => planningApi.deleteWebhook(webhook.id),
                      t('webhooks.deleted', { url: webhook.url }),
                    )
                  }
                />
              </Cell>
            </>
          )}
        </DataTable>
      )}

      <BackOfficeSection id="webhooks-create" heading={t('webhooks.createHeading')}>
        <BackOfficeForm
          errors={errors}
          submission={submission}
          onSubmit={(event) => void create(event)}
          submitLabel={t('webhooks.create')}
        >
          <TextField
            id="webhook-url"
            type="url"
            label={t('webhooks.url')}
            hint={t('webhooks.urlHint')}
            error={errorOf(errors, 'webhook-url')}
            value={url}
            onValueChange={setUrl}
            autoComplete="off"
          />
          <SelectField
            id="webhook-department"
            label={t('webhooks.department')}
            hint={t('webhooks.departmentHint')}
            error={errorOf(errors, 'webhook-department')}
            value={departmentId}
            onValueChange={(value) => {
              setDepartmentId(value);
              setServiceId('');
            }}
          >
            <option value="">
              {list?.options.departmentRequired
                ? t('webhooks.chooseDepartment')
                : t('webhooks.allDepartments')}
            </option>
            <Options
              items={list?.options.departments ?? []}
              optionLabel={(department) => named(department)}
            />
          </SelectField>
          <SelectField
            id="webhook-service"
            label={t('webhooks.service')}
            hint={t('webhooks.serviceHint')}
            error={errorOf(errors, 'webhook-service')}
            value={serviceId}
            onValueChange={setServiceId}
          >
            <option value="">{t('webhooks.allServices')}</option>
            <Options items={services} optionLabel={(service) => named(service)} />
          </SelectField>
          <CheckboxGroup
            id="webhook-events"
            legend={t('webhooks.eventsLegend')}
            hint={t('webhooks.eventsHint')}
            error={errorOf(errors, 'webhook-events')}
            idPrefix="webhook-event"
            options={(list?.options.eventTypes ?? []).map((type: CaseEventTypeName) => ({
              value: shortType(type),
              label: eventName(type),
            }))}
            selected={eventTypes}
            onSelectedChange={setEventTypes}
          />
          <TextField
            id="webhook-description"
            label={t('webhooks.description')}
            hint={t('webhooks.descriptionHint')}
            error={errorOf(errors, 'webhook-description')}
            value={description}
            onValueChange={setDescription}
            autoComplete="off"
            maxLength={200}
          />
        </BackOfficeForm>
      </BackOfficeSection>

      <BackOfficeSection id="webhooks-dead" heading={t('webhooks.deadHeading')}>
        <p>{t('webhooks.deadIntro')}</p>
        <DataTable
          caption={t('webhooks.deadCaption', { count: dead.length })}
          columns={(['event', 'url', 'attempts', 'error', 'created', 'actions'] as const).map((column) =>
            t(`webhooks.deadColumns.${column}`),
          )}
          rows={dead}
          rowKey={(delivery) => delivery.id}
          empty={t('webhooks.deadNone')}
        >
          {(delivery) => (
            <>
              <RowHeader>
                {eventName(delivery.eventType)}
                <br />
                <span className="kern-hint">{t('webhooks.caseId', { id: delivery.caseId ?? '–' })}</span>
              </RowHeader>
              <Cell>{delivery.url}</Cell>
              <Cell>{delivery.attempts}</Cell>
              <Cell>{delivery.lastError ?? '–'}</Cell>
              <Cell>{date(delivery.createdAt)}</Cell>
              <Cell className="backoffice-row-actions">
                <Button
                  disabled={busy}
                  onClick={() =>
                    void act(
                      () => planningApi.redeliverWebhookDelivery(delivery.id),
                      t('webhooks.redelivered', { event: eventName(delivery.eventType) }),
                    )
                  }
                >
                  {t('webhooks.redeliver', {
                    event: eventName(delivery.eventType),
                    created: date(delivery.createdAt),
                  })}
                </Button>
              </Cell>
            </>
          )}
        </DataTable>
      </BackOfficeSection>
    </>
  );
}
