import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { planningApi, type StaffMember, type StaffMemberList } from '../api.ts';
import { FormField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface Draft {
  name: string;
  staffUserId: string;
  sharePercent: string;
  qualifications: string[];
  leave: { firstDay: string; lastDay: string }[];
  mobileWorkingDays: number[];
  preferredDistrictIds: string[];
  earliestStart: string;
  active: boolean;
}

const emptyDraft: Draft = {
  name: '',
  staffUserId: '',
  sharePercent: '100',
  qualifications: [],
  leave: [],
  mobileWorkingDays: [],
  preferredDistrictIds: [],
  earliestStart: '',
  active: true,
};

const draftOf = (member: StaffMember): Draft => ({
  name: member.name,
  staffUserId: member.staffUserId ?? '',
  sharePercent: String(member.sharePercent),
  qualifications: [...member.qualifications],
  leave: member.leave.map((period) => ({ ...period })),
  mobileWorkingDays: [...member.mobileWorkingDays],
  preferredDistrictIds: [...member.preferredDistrictIds],
  earliestStart: member.earliestStart ?? '',
  active: member.active,
});

const toggle = <T,>(list: T[], value: T, on: boolean) =>
  on ? [...list, value] : list.filter((entry) => entry !== value);

/** Staff members: qualifications, working-time share, leave, days of mobile work and wishes. */
export function StaffMembersPage() {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<StaffMemberList | null>(null);
  const [loadError, setLoadError] = useState('');
  const [status, setStatus] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);

  const load = useCallback(async () => {
    try {
      setData(await planningApi.listStaffMembers());
    } catch (error) {
      setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

  const serviceName = (id: string) => {
    const service = data?.services.find((entry) => entry.id === id);
    return service ? (i18n.language === 'en' ? service.nameEn : service.nameDe) : id;
  };
  const districtName = (id: string) => data?.districts.find((entry) => entry.id === id)?.name ?? id;
  const weekdayName = (day: number) => t(`staffMembers.weekdays.${day}`);
  const firstServiceId = data?.services[0] ? `member-qualification-${data.services[0].id}` : 'member-name';
  const firstDistrictId = data?.districts[0] ? `member-district-${data.districts[0].id}` : 'member-name';

  const serverError = (error: unknown): FieldError => {
    if (!(error instanceof ApiProblem)) return { fieldId: 'member-name', message: problemText(t, error) };
    const { field = '', code = '' } = error.problem;
    const leave = /^leave\[(\d+)\]/.exec(field);
    if (leave) {
      const index = Number(leave[1]);
      return {
        fieldId: field.endsWith('lastDay') ? `member-leave-${index}-last` : `member-leave-${index}-first`,
        message:
          code === 'leave_overlap'
            ? t('staffMembers.errors.leaveOverlap', { number: index + 1 })
            : t('staffMembers.errors.leaveRange', { number: index + 1 }),
      };
    }
    if (field.startsWith('qualifications'))
      return { fieldId: firstServiceId, message: t('staffMembers.errors.unknownService') };
    if (field.startsWith('preferredDistrictIds'))
      return { fieldId: firstDistrictId, message: t('staffMembers.errors.unknownDistrict') };
    if (field === 'staffUserId')
      return {
        fieldId: 'member-user',
        message:
          code === 'staff_user_taken'
            ? t('staffMembers.errors.userTaken')
            : t('staffMembers.errors.unknownUser'),
      };
    return {
      fieldId: 'member-name',
      message: t('staffMembers.errors.failed', { detail: problemText(t, error) }),
    };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!draft.name.trim())
      found.push({ fieldId: 'member-name', message: t('staffMembers.errors.nameMissing') });
    const share = Number(draft.sharePercent);
    if (!Number.isInteger(share) || share < 1 || share > 100)
      found.push({ fieldId: 'member-share', message: t('staffMembers.errors.shareInvalid') });
    draft.leave.forEach((period, index) => {
      if (!period.firstDay)
        found.push({
          fieldId: `member-leave-${index}-first`,
          message: t('staffMembers.errors.leaveDayMissing', { number: index + 1 }),
        });
      if (!period.lastDay)
        found.push({
          fieldId: `member-leave-${index}-last`,
          message: t('staffMembers.errors.leaveDayMissing', { number: index + 1 }),
        });
    });
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    const body = {
      name: draft.name.trim(),
      staffUserId: draft.staffUserId || null,
      sharePercent: share,
      qualifications: draft.qualifications,
      leave: draft.leave,
      mobileWorkingDays: [...draft.mobileWorkingDays].sort(),
      preferredDistrictIds: draft.preferredDistrictIds,
      earliestStart: draft.earliestStart || null,
      active: draft.active,
    };
    try {
      if (editing) await planningApi.updateStaffMember(editing, body);
      else await planningApi.createStaffMember(body);
      setStatus(t(editing ? 'staffMembers.saved' : 'staffMembers.created', { name: body.name }));
      setEditing(null);
      setDraft(emptyDraft);
      await load();
    } catch (error) {
      setErrors([serverError(error)]);
      setSubmission((n) => n + 1);
    }
  };

  const edit = (member: StaffMember) => {
    setEditing(member.id);
    setDraft(draftOf(member));
    setErrors([]);
    setStatus(t('staffMembers.editing', { name: member.name }));
    requestAnimationFrame(() => document.getElementById('member-name')?.focus());
  };
  const errorOf = (id: string) => errors.find((error) => error.fieldId === id)?.message;

  return (
    <>
      <PageHeading title={t('staffMembers.heading')}>{t('staffMembers.heading')}</PageHeading>
      <p>{t('staffMembers.intro')}</p>
      <p role="status" className="backoffice-status">
        {status}
      </p>
      {loadError && <p className="planning-error">{loadError}</p>}
      {data === null && !loadError && <p>{t('app.loading')}</p>}
      {data && data.items.length === 0 && <p>{t('staffMembers.none')}</p>}
      {data && data.items.length > 0 && (
        <div className="planning-table-wrap">
          <table className="kern-table planning-table">
            <caption className="kern-table__caption">{t('staffMembers.caption')}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                {(['name', 'share', 'qualifications', 'leave', 'mobile', 'wishes', 'edit'] as const).map(
                  (column) => (
                    <th key={column} scope="col" className="kern-table__header">
                      {t(`staffMembers.columns.${column}`)}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {data.items.map((member) => (
                <tr key={member.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    {member.name}
                    {!member.active && ` (${t('staffMembers.inactive')})`}
                  </th>
                  <td className="kern-table__cell">
                    {t('staffMembers.shareValue', {
                      percent: member.sharePercent,
                      hours: (member.weeklyMinutes / 60).toLocaleString(
                        i18n.language === 'en' ? 'en-GB' : 'de-DE',
                        {
                          maximumFractionDigits: 1,
                        },
                      ),
                    })}
                  </td>
                  <td className="kern-table__cell">
                    {member.qualifications.map(serviceName).join(', ') || '–'}
                  </td>
                  <td className="kern-table__cell">
                    {member.leave.map((period) => `${period.firstDay} – ${period.lastDay}`).join(', ') || '–'}
                  </td>
                  <td className="kern-table__cell">
                    {member.mobileWorkingDays.map(weekdayName).join(', ') || '–'}
                  </td>
                  <td className="kern-table__cell">
                    {[
                      member.preferredDistrictIds.length > 0
                        ? t('staffMembers.wishDistricts', {
                            districts: member.preferredDistrictIds.map(districtName).join(', '),
                          })
                        : '',
                      member.earliestStart ? t('staffMembers.wishStart', { time: member.earliestStart }) : '',
                    ]
                      .filter(Boolean)
                      .join('; ') || '–'}
                  </td>
                  <td className="kern-table__cell">
                    <button
                      type="button"
                      className="kern-btn kern-btn--secondary"
                      onClick={() => edit(member)}
                    >
                      <span className="kern-label">{t('staffMembers.edit', { name: member.name })}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="member-form-heading" className="backoffice-section">
        <h2 id="member-form-heading" className="kern-heading-medium">
          {editing ? t('staffMembers.editHeading', { name: draft.name }) : t('staffMembers.createHeading')}
        </h2>
        <ErrorSummary errors={errors} submission={submission} />
        {data && (
          <form noValidate onSubmit={(event) => void submit(event)} className="planning-form">
            <FormField id="member-name" label={t('staffMembers.name')} error={errorOf('member-name')}>
              {(describedBy) => (
                <input
                  id="member-name"
                  className="kern-form-input__input"
                  value={draft.name}
                  onChange={(event) => setDraft((current) => ({ ...current, name: event.target.value }))}
                  aria-describedby={describedBy}
                  autoComplete="off"
                />
              )}
            </FormField>
            <FormField
              id="member-user"
              label={t('staffMembers.account')}
              hint={t('staffMembers.accountHint')}
              error={errorOf('member-user')}
            >
              {(describedBy) => (
                <select
                  id="member-user"
                  className="kern-form-input__select"
                  value={draft.staffUserId}
                  onChange={(event) =>
                    setDraft((current) => ({ ...current, staffUserId: event.target.value }))
                  }
                  aria-describedby={describedBy}
                >
                  <option value="">{t('staffMembers.noAccount')}</option>
                  {data.staffUsers.map((user) => (
                    <option key={user.id} value={user.id}>
                      {user.name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField
              id="member-share"
              label={t('staffMembers.share')}
              hint={t('staffMembers.shareHint')}
              error={errorOf('member-share')}
            >
              {(describedBy) => (
                <input
                  id="member-share"
                  className="kern-form-input__input"
                  inputMode="numeric"
                  value={draft.sharePercent}
                  onChange={(event) =>
                    setDraft((current) => ({ ...current, sharePercent: event.target.value }))
                  }
                  aria-describedby={describedBy}
                  autoComplete="off"
                />
              )}
            </FormField>
            <fieldset className="kern-fieldset">
              <legend className="kern-label">{t('staffMembers.qualifications')}</legend>
              <div className="kern-fieldset__body">
                {data.services.map((service) => (
                  <div key={service.id} className="kern-form-check">
                    <input
                      id={`member-qualification-${service.id}`}
                      className="kern-form-check__checkbox"
                      type="checkbox"
                      checked={draft.qualifications.includes(service.id)}
                      onChange={(event) =>
                        setDraft((current) => ({
                          ...current,
                          qualifications: toggle(current.qualifications, service.id, event.target.checked),
                        }))
                      }
                    />
                    <label className="kern-label" htmlFor={`member-qualification-${service.id}`}>
                      {serviceName(service.id)}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
            <fieldset className="kern-fieldset">
              <legend className="kern-label">{t('staffMembers.leave')}</legend>
              <div className="kern-fieldset__body">
                {draft.leave.length === 0 && <p>{t('staffMembers.noLeave')}</p>}
                {draft.leave.map((period, index) => (
                  <div key={index} className="roster-leave-row">
                    {(['first', 'last'] as const).map((end) => {
                      const id = `member-leave-${index}-${end}`;
                      const key = end === 'first' ? 'firstDay' : 'lastDay';
                      return (
                        <FormField
                          key={end}
                          id={id}
                          label={t(`staffMembers.leave${end === 'first' ? 'First' : 'Last'}`, {
                            number: index + 1,
                          })}
                          error={errorOf(id)}
                        >
                          {(describedBy) => (
                            <input
                              id={id}
                              type="date"
                              className="kern-form-input__input"
                              value={period[key]}
                              onChange={(event) =>
                                setDraft((current) => ({
                                  ...current,
                                  leave: current.leave.map((entry, i) =>
                                    i === index ? { ...entry, [key]: event.target.value } : entry,
                                  ),
                                }))
                              }
                              aria-describedby={describedBy}
                            />
                          )}
                        </FormField>
                      );
                    })}
                    <button
                      type="button"
                      className="kern-btn kern-btn--tertiary"
                      onClick={() =>
                        setDraft((current) => ({
                          ...current,
                          leave: current.leave.filter((_, i) => i !== index),
                        }))
                      }
                    >
                      <span className="kern-label">
                        {t('staffMembers.removeLeave', { number: index + 1 })}
                      </span>
                    </button>
                  </div>
                ))}
                <button
                  type="button"
                  className="kern-btn kern-btn--secondary"
                  onClick={() =>
                    setDraft((current) => ({
                      ...current,
                      leave: [...current.leave, { firstDay: '', lastDay: '' }],
                    }))
                  }
                >
                  <span className="kern-label">{t('staffMembers.addLeave')}</span>
                </button>
              </div>
            </fieldset>
            <fieldset className="kern-fieldset">
              <legend className="kern-label">{t('staffMembers.mobileDays')}</legend>
              <div className="kern-hint">{t('staffMembers.mobileDaysHint')}</div>
              <div className="kern-fieldset__body">
                {WEEKDAYS.map((day) => (
                  <div key={day} className="kern-form-check">
                    <input
                      id={`member-mobile-${day}`}
                      className="kern-form-check__checkbox"
                      type="checkbox"
                      checked={draft.mobileWorkingDays.includes(day)}
                      onChange={(event) =>
                        setDraft((current) => ({
                          ...current,
                          mobileWorkingDays: toggle(current.mobileWorkingDays, day, event.target.checked),
                        }))
                      }
                    />
                    <label className="kern-label" htmlFor={`member-mobile-${day}`}>
                      {weekdayName(day)}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
            <fieldset className="kern-fieldset">
              <legend className="kern-label">{t('staffMembers.districts')}</legend>
              <div className="kern-hint">{t('staffMembers.districtsHint')}</div>
              <div className="kern-fieldset__body">
                {data.districts.map((district) => (
                  <div key={district.id} className="kern-form-check">
                    <input
                      id={`member-district-${district.id}`}
                      className="kern-form-check__checkbox"
                      type="checkbox"
                      checked={draft.preferredDistrictIds.includes(district.id)}
                      onChange={(event) =>
                        setDraft((current) => ({
                          ...current,
                          preferredDistrictIds: toggle(
                            current.preferredDistrictIds,
                            district.id,
                            event.target.checked,
                          ),
                        }))
                      }
                    />
                    <label className="kern-label" htmlFor={`member-district-${district.id}`}>
                      {district.name}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
            <FormField
              id="member-start"
              label={t('staffMembers.earliestStart')}
              hint={t('staffMembers.earliestStartHint')}
            >
              {(describedBy) => (
                <input
                  id="member-start"
                  type="time"
                  className="kern-form-input__input"
                  value={draft.earliestStart}
                  onChange={(event) =>
                    setDraft((current) => ({ ...current, earliestStart: event.target.value }))
                  }
                  aria-describedby={describedBy}
                />
              )}
            </FormField>
            <div className="kern-form-check">
              <input
                id="member-active"
                className="kern-form-check__checkbox"
                type="checkbox"
                checked={draft.active}
                onChange={(event) => setDraft((current) => ({ ...current, active: event.target.checked }))}
              />
              <label className="kern-label" htmlFor="member-active">
                {t('staffMembers.active')}
              </label>
            </div>
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">
                {editing ? t('staffMembers.save') : t('staffMembers.create')}
              </span>
            </button>
            {editing && (
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() => {
                  setEditing(null);
                  setDraft(emptyDraft);
                  setErrors([]);
                }}
              >
                <span className="kern-label">{t('staffMembers.cancelEdit')}</span>
              </button>
            )}
          </form>
        )}
      </section>
    </>
  );
}
