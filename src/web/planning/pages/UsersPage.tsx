import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { planningApi, type Department, type StaffRole, type StaffUser } from '../api.ts';
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
  PageStatus,
  RowHeader,
  RowSelect,
  SelectField,
  TextField,
  type FieldError,
  usePageLoad,
} from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { ConfirmAction } from '../../components/ConfirmAction/ConfirmAction.tsx';

export const staffRoleOptions: StaffRole[] = ['clerk', 'planner', 'department', 'admin'];

/** Users and roles: list, create, change role, deactivate, send a reset link (admins). */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const [users, setUsers] = useState<StaffUser[] | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [status, setStatus] = useState('');
  const [initialPassword, setInitialPassword] = useState<{ email: string; password: string } | null>(null);
  const [roles, setRoles] = useState<Record<string, StaffRole>>({});
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<StaffRole>('clerk');
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);

  const { loadError, reload: load } = usePageLoad(async () => {
    const [list, departmentList] = await Promise.all([
      planningApi.listUsers(),
      planningApi.listDepartments(),
    ]);
    setUsers(list.items);
    setDepartments(departmentList.items);
    setRoles(Object.fromEntries(list.items.map((user) => [user.id, user.role])));
  });

  const departmentName = (id: string) => {
    const department = departments.find((d) => d.id === id);
    return department ? (i18n.language === 'en' ? department.nameEn : department.nameDe) : id;
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!name.trim()) found.push({ fieldId: 'user-name', message: t('users.nameMissing') });
    if (!/^[^@\s]+@[^@\s]+$/.test(email.trim()))
      found.push({ fieldId: 'user-email', message: t('users.emailInvalid') });
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      const created = await planningApi.createUser({
        name: name.trim(),
        email: email.trim(),
        role,
        ...(role === 'department' ? { departmentIds } : {}),
      });
      if (created.initialPassword)
        setInitialPassword({ email: email.trim(), password: created.initialPassword });
      setStatus(t('users.created', { name: name.trim() }));
      setName('');
      setEmail('');
      setRole('clerk');
      setDepartmentIds([]);
      await load();
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      const fieldId =
        field === 'email' ? 'user-email' : field === 'departmentIds' ? 'user-departments' : 'user-name';
      setErrors([{ fieldId, message: t('users.createFailed', { detail: problemText(t, error) }) }]);
      setSubmission((n) => n + 1);
    }
  };

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setStatus(done);
      await load();
    } catch (error) {
      setStatus(t('users.actionFailed', { detail: problemText(t, error) }));
    }
  };

  return (
    <>
      <PageHeading title={t('users.heading')}>{t('users.heading')}</PageHeading>
      <p>{t('users.intro')}</p>
      <PageStatus status={status} />
      {initialPassword && (
        <div
          className="kern-alert kern-alert--info"
          role="region"
          aria-label={t('users.initialPasswordLabel')}
        >
          <div className="kern-alert__body">
            <p className="kern-body">{t('users.initialPassword', { email: initialPassword.email })}</p>
            <p className="kern-body">
              <code className="backoffice-secret">{initialPassword.password}</code>
            </p>
          </div>
        </div>
      )}
      <PageStatus loadError={loadError} loading={users === null} />
      {users && (
        <DataTable
          caption={t('users.caption', { count: users.length })}
          columns={(['name', 'email', 'role', 'departments', 'state', 'actions'] as const).map((column) =>
            t(`users.columns.${column}`),
          )}
          rows={users}
          rowKey={(user) => user.id}
        >
          {(user) => (
            <>
              <RowHeader>{user.name}</RowHeader>
              <Cell>{user.email}</Cell>
              <Cell>
                <RowSelect
                  id={`role-${user.id}`}
                  label={t('users.roleOf', { name: user.name })}
                  value={roles[user.id] ?? user.role}
                  onValueChange={(value) =>
                    setRoles((current) => ({ ...current, [user.id]: value as StaffRole }))
                  }
                >
                  {staffRoleOptions.map((option) => (
                    <option key={option} value={option}>
                      {t(`roles.${option}`)}
                    </option>
                  ))}
                </RowSelect>
              </Cell>
              <Cell>
                {user.departmentIds.length > 0 ? user.departmentIds.map(departmentName).join(', ') : '–'}
              </Cell>
              <Cell>
                {!user.active
                  ? t('users.state.inactive')
                  : user.mustChangePassword
                    ? t('users.state.mustChange')
                    : t('users.state.active')}
              </Cell>
              <Cell className="backoffice-row-actions">
                <Button
                  disabled={(roles[user.id] ?? user.role) === user.role}
                  onClick={() =>
                    void act(
                      () => planningApi.updateUser(user.id, { role: roles[user.id] ?? user.role }),
                      t('users.roleChanged', { name: user.name }),
                    )
                  }
                >
                  {t('users.saveRole', { name: user.name })}
                </Button>
                {user.active ? (
                  // Locking a colleague out signs them out everywhere: ask first.
                  <ConfirmAction
                    label={t('users.deactivate', { name: user.name })}
                    appearance="secondary"
                    question={t('users.deactivateQuestion', { name: user.name })}
                    consequence={t('users.deactivateConsequence', { name: user.name })}
                    yes={t('users.deactivateYes')}
                    no={t('app.confirmNo')}
                    onConfirm={() =>
                      void act(
                        () => planningApi.updateUser(user.id, { active: false }),
                        t('users.deactivated', { name: user.name }),
                      )
                    }
                  />
                ) : (
                  <Button
                    onClick={() =>
                      void act(
                        () => planningApi.updateUser(user.id, { active: true }),
                        t('users.activated', { name: user.name }),
                      )
                    }
                  >
                    {t('users.activate', { name: user.name })}
                  </Button>
                )}
                {!user.singleSignOn && user.active && (
                  <Button
                    appearance="tertiary"
                    onClick={() =>
                      void act(
                        () => planningApi.sendPasswordReset(user.id),
                        t('users.resetSent', { name: user.name }),
                      )
                    }
                  >
                    {t('users.sendReset', { name: user.name })}
                  </Button>
                )}
              </Cell>
            </>
          )}
        </DataTable>
      )}

      <BackOfficeSection id="users-create" heading={t('users.createHeading')}>
        <BackOfficeForm
          errors={errors}
          submission={submission}
          onSubmit={(event) => void create(event)}
          submitLabel={t('users.create')}
        >
          <TextField
            id="user-name"
            label={t('users.name')}
            error={errorOf(errors, 'user-name')}
            value={name}
            onValueChange={setName}
            autoComplete="off"
          />
          <TextField
            id="user-email"
            type="email"
            label={t('users.email')}
            error={errorOf(errors, 'user-email')}
            value={email}
            onValueChange={setEmail}
            autoComplete="off"
          />
          <SelectField
            id="user-role"
            label={t('users.role')}
            hint={t('users.roleHint')}
            value={role}
            onValueChange={(value) => setRole(value as StaffRole)}
          >
            {staffRoleOptions.map((option) => (
              <option key={option} value={option}>
                {t(`roles.${option}`)}
              </option>
            ))}
          </SelectField>
          {role === 'department' && (
            <CheckboxGroup
              id="user-departments"
              legend={t('users.departments')}
              error={errorOf(errors, 'user-departments')}
              idPrefix="user-department"
              options={departments.map((department) => ({
                value: department.id,
                label: departmentName(department.id),
              }))}
              selected={departmentIds}
              onSelectedChange={setDepartmentIds}
            />
          )}
        </BackOfficeForm>
      </BackOfficeSection>
    </>
  );
}
