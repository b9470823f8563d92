import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { planningApi, type Department, type StaffRole, type StaffUser } from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { FormField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

export const staffRoleOptions: StaffRole[] = ['clerk', 'planner', 'department', 'admin'];

/** Users and roles: list, create, change role, deactivate, send a reset link (admins). */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const [users, setUsers] = useState<StaffUser[] | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [loadError, setLoadError] = useState('');
  const [status, setStatus] = useState('');
  const [initialPassword, setInitialPassword] = useState<{ email: string; password: string } | null>(null);
  const [roles, setRoles] = useState<Record<string, StaffRole>>({});
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<StaffRole>('clerk');
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);

  const load = useCallback(async () => {
    try {
      const [list, departmentList] = await Promise.all([
        planningApi.listUsers(),
        planningApi.listDepartments(),
      ]);
      setUsers(list.items);
      setDepartments(departmentList.items);
      setRoles(Object.fromEntries(list.items.map((user) => [user.id, user.role])));
    } catch (error) {
      setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

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
      <p role="status" className="backoffice-status">
        {status}
      </p>
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
      {loadError && <p className="planning-error">{loadError}</p>}
      {users === null && !loadError && <p>{t('app.loading')}</p>}
      {users && (
        <div className="planning-table-wrap">
          <table className="kern-table planning-table">
            <caption className="kern-table__caption">{t('users.caption', { count: users.length })}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                {(['name', 'email', 'role', 'departments', 'state', 'actions'] as const).map((column) => (
                  <th key={column} scope="col" className="kern-table__header">
                    {t(`users.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {users.map((user) => (
                <tr key={user.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    {user.name}
                  </th>
                  <td className="kern-table__cell">{user.email}</td>
                  <td className="kern-table__cell">
                    <label className="kern-label kern-sr-only" htmlFor={`role-${user.id}`}>
                      {t('users.roleOf', { name: user.name })}
                    </label>
                    <select
                      id={`role-${user.id}`}
                      className="kern-form-input__select"
                      value={roles[user.id] ?? user.role}
                      onChange={(event) =>
                        setRoles((current) => ({ ...current, [user.id]: event.target.value as StaffRole }))
                      }
                    >
                      {staffRoleOptions.map((option) => (
                        <option key={option} value={option}>
                          {t(`roles.${option}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="kern-table__cell">
                    {user.departmentIds.length > 0 ? user.departmentIds.map(departmentName).join(', ') : '–'}
                  </td>
                  <td className="kern-table__cell">
                    {!user.active
                      ? t('users.state.inactive')
                      : user.mustChangePassword
                        ? t('users.state.mustChange')
                        : t('users.state.active')}
                  </td>
                  <td className="kern-table__cell backoffice-row-actions">
                    <button
                      type="button"
                      className="kern-btn kern-btn--secondary"
                      disabled={(roles[user.id] ?? user.role) === user.role}
                      onClick={() =>
                        void act(
                          () => planningApi.updateUser(user.id, { role: roles[user.id] ?? user.role }),
                          t('users.roleChanged', { name: user.name }),
                        )
                      }
                    >
                      <span className="kern-label">{t('users.saveRole', { name: user.name })}</span>
                    </button>
                    <button
                      type="button"
                      className="kern-btn kern-btn--secondary"
                      onClick={() =>
                        void act(
                          () => planningApi.updateUser(user.id, { active: !user.active }),
                          user.active
                            ? t('users.deactivated', { name: user.name })
                            : t('users.activated', { name: user.name }),
                        )
                      }
                    >
                      <span className="kern-label">
                        {user.active
                          ? t('users.deactivate', { name: user.name })
                          : t('users.activate', { name: user.name })}
                      </span>
                    </button>
                    {!user.singleSignOn && user.active && (
                      <button
                        type="button"
                        className="kern-btn kern-btn--tertiary"
                        onClick={() =>
                          void act(
                            () => planningApi.sendPasswordReset(user.id),
                            t('users.resetSent', { name: user.name }),
                          )
                        }
                      >
                        <span className="kern-label">{t('users.sendReset', { name: user.name })}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="users-create" className="backoffice-section">
        <h2 id="users-create" className="kern-heading-medium">
          {t('users.createHeading')}
        </h2>
        <ErrorSummary errors={errors} submission={submission} />
        <form noValidate onSubmit={(event) => void create(event)} className="planning-form">
          <FormField
            id="user-name"
            label={t('users.name')}
            error={errors.find((e) => e.fieldId === 'user-name')?.message}
          >
            {(describedBy) => (
              <input
                id="user-name"
                className="kern-form-input__input"
                value={name}
                onChange={(event) => setName(event.target.value)}
                aria-describedby={describedBy}
                autoComplete="off"
              />
            )}
          </FormField>
          <FormField
            id="user-email"
            label={t('users.email')}
            error={errors.find((e) => e.fieldId === 'user-email')?.message}
          >
            {(describedBy) => (
              <input
                id="user-email"
                type="email"
                className="kern-form-input__input"
                value={email}
                onChange={(event) => setEmail(event.target.value)}
                aria-describedby={describedBy}
                autoComplete="off"
              />
            )}
          </FormField>
          <FormField id="user-role" label={t('users.role')} hint={t('users.roleHint')}>
            {(describedBy) => (
              <select
                id="user-role"
                className="kern-form-input__select"
                value={role}
                onChange={(event) => setRole(event.target.value as StaffRole)}
                aria-describedby={describedBy}
              >
                {staffRoleOptions.map((option) => (
                  <option key={option} value={option}>
                    {t(`roles.${option}`)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          {role === 'department' && (
            <fieldset className="kern-fieldset" id="user-departments" tabIndex={-1}>
              <legend className="kern-label">{t('users.departments')}</legend>
              {errors.find((e) => e.fieldId === 'user-departments') && (
                <p className="kern-error">{errors.find((e) => e.fieldId === 'user-departments')?.message}</p>
              )}
              <div className="kern-fieldset__body">
                {departments.map((department) => (
                  <div key={department.id} className="kern-form-check">
                    <input
                      id={`user-department-${department.id}`}
                      className="kern-form-check__checkbox"
                      type="checkbox"
                      checked={departmentIds.includes(department.id)}
                      onChange={(event) =>
                        setDepartmentIds((current) =>
                          event.target.checked
                            ? [...current, department.id]
                            : current.filter((id) => id !== department.id),
                        )
                      }
                    />
                    <label className="kern-label" htmlFor={`user-department-${department.id}`}>
                      {departmentName(department.id)}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          )}
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('users.create')}</span>
          </button>
        </form>
      </section>
    </>
  );
}
