import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { planningApi, type StaffMember, type StaffMemberList } from '../api.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  Checkbox,
  CheckboxGroup,
  DataTable,
  errorOf as errorIn,
  PageStatus,
  RowHeader,
  SelectField,
  TextField,
  usePageLoad,
} from '../components/backoffice/index.ts';
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

/** Staff members: qualifications, working-time share, leave, days of mobile work and wishes. */
export function StaffMembersPage() {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<StaffMemberList | null>(null);
  const [status, setStatus] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);

  const { loadError, reload: load } = usePageLoad(async () => {
    setData(await planningApi.listStaffMembers());
  });

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
  const errorOf = (id: string) => errorIn(errors, id);

  return (
    <>
      <PageHeading title={t('staffMembers.heading')}>{t('staffMembers.heading')}</PageHeading>
      <p>{t('staffMembers.intro')}</p>
      <PageStatus status={status} loadError={loadError} loading={data === null} />
      {data && (
        <DataTable
          caption={t('staffMembers.caption')}
          columns={(['name', 'share', 'qualifications', 'leave', 'mobile', 'wishes', 'edit'] as const).map(
            (column) => t(`staffMembers.columns.${column}`),
          )}
          rows={data.items}
          rowKey={(member) => member.id}
          empty={t('staffMembers.none')}
        >
          {(member) => (
            <>
              <RowHeader>
                {member.name}
                {!member.active && ` (${t('staffMembers.inactive')})`}
              </RowHeader>
              <Cell>
                {t('staffMembers.shareValue', {
                  percent: member.sharePercent,
                  hours: (member.weeklyMinutes / 60).toLocaleString(
                    i18n.language === 'en' ? 'en-GB' : 'de-DE',
                    {
                      maximumFractionDigits: 1,
                    },
                  ),
                })}
              </Cell>
              <Cell>{member.qualifications.map(serviceName).join(', ') || '–'}</Cell>
              <Cell>
                {member.leave.map((period) => `${period.firstDay} – ${period.lastDay}`).join(', ') || '–'}
              </Cell>
              <Cell>{member.mobileWorkingDays.map(weekdayName).join(', ') || '–'}</Cell>
              <Cell>
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
              </Cell>
              <Cell>
                <Button onClick={() => edit(member)}>{t('staffMembers.edit', { name: member.name })}</Button>
              </Cell>
            </>
          )}
        </DataTable>
      )}

      <BackOfficeSection
        id="member-form-heading"
        heading={
          editing ? t('staffMembers.editHeading', { name: draft.name }) : t('staffMembers.createHeading')
        }
      >
        <ErrorSummary errors={errors} submission={submission} />
        {data && (
          <BackOfficeForm onSubmit={(event) => void submit(event)}>
            <TextField
              id="member-name"
              label={t('staffMembers.name')}
              error={errorOf('member-name')}
              value={draft.name}
              onValueChange={(name) => setDraft((current) => ({ ...current, name }))}
              autoComplete="off"
            />
            <SelectField
              id="member-user"
              label={t('staffMembers.account')}
              hint={t('staffMembers.accountHint')}
              error={errorOf('member-user')}
              value={draft.staffUserId}
              onValueChange={(staffUserId) => setDraft((current) => ({ ...current, staffUserId }))}
            >
              <option value="">{t('staffMembers.noAccount')}</option>
              {data.staffUsers.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
            </SelectField>
            <TextField
              id="member-share"
              label={t('staffMembers.share')}
              hint={t('staffMembers.shareHint')}
              error={errorOf('member-share')}
              inputMode="numeric"
              value={draft.sharePercent}
              onValueChange={(sharePercent) => setDraft((current) => ({ ...current, sharePercent }))}
              autoComplete="off"
            />
            <CheckboxGroup
              legend={t('staffMembers.qualifications')}
              idPrefix="member-qualification"
              options={data.services.map((service) => ({
                value: service.id,
                label: serviceName(service.id),
              }))}
              selected={draft.qualifications}
              onSelectedChange={(qualifications) => setDraft((current) => ({ ...current, qualifications }))}
            />
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
                        <TextField
                          key={end}
                          id={id}
                          type="date"
                          label={t(`staffMembers.leave${end === 'first' ? 'First' : 'Last'}`, {
                            number: index + 1,
                          })}
                          error={errorOf(id)}
                          value={period[key]}
                          onValueChange={(value) =>
                            setDraft((current) => ({
                              ...current,
                              leave: current.leave.map((entry, i) =>
                                i === index ? { ...entry, [key]: value } : entry,
                              ),
                            }))
                          }
                        />
                      );
                    })}
                    <Button
                      appearance="tertiary"
                      onClick={() =>
                        setDraft((current) => ({
                          ...current,
                          leave: current.leave.filter((_, i) => i !== index),
                        }))
                      }
                    >
                      {t('staffMembers.removeLeave', { number: index + 1 })}
                    </Button>
                  </div>
                ))}
                <Button
                  onClick={() =>
                    setDraft((current) => ({
                      ...current,
                      leave: [...current.leave, { firstDay: '', lastDay: '' }],
                    }))
                  }
                >
                  {t('staffMembers.addLeave')}
                </Button>
              </div>
            </fieldset>
            <CheckboxGroup
              legend={t('staffMembers.mobileDays')}
              hint={t('staffMembers.mobileDaysHint')}
              idPrefix="member-mobile"
              options={WEEKDAYS.map((day) => ({ value: day, label: weekdayName(day) }))}
              selected={draft.mobileWorkingDays}
              onSelectedChange={(mobileWorkingDays) =>
                setDraft((current) => ({ ...current, mobileWorkingDays }))
              }
            />
            <CheckboxGroup
              legend={t('staffMembers.districts')}
              hint={t('staffMembers.districtsHint')}
              idPrefix="member-district"
              options={data.districts.map((district) => ({ value: district.id, label: district.name }))}
              selected={draft.preferredDistrictIds}
              onSelectedChange={(preferredDistrictIds) =>
                setDraft((current) => ({ ...current, preferredDistrictIds }))
              }
            />
            <TextField
              id="member-start"
              type="time"
              label={t('staffMembers.earliestStart')}
              hint={t('staffMembers.earliestStartHint')}
              value={draft.earliestStart}
              onValueChange={(earliestStart) => setDraft((current) => ({ ...current, earliestStart }))}
            />
            <Checkbox
              id="member-active"
              label={t('staffMembers.active')}
              checked={draft.active}
              onCheckedChange={(active) => setDraft((current) => ({ ...current, active }))}
            />
            <Button type="submit" appearance="primary">
              {editing ? t('staffMembers.save') : t('staffMembers.create')}
            </Button>
            {editing && (
              <Button
                onClick={() => {
                  setEditing(null);
                  setDraft(emptyDraft);
                  setErrors([]);
                }}
              >
                {t('staffMembers.cancelEdit')}
              </Button>
            )}
          </BackOfficeForm>
        )}
      </BackOfficeSection>
    </>
  );
}
