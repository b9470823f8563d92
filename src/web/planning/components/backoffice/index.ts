// The shared back-office components (GOV.UK Frontend idea: one component per pattern, documented props,
// accessible by default). Pages import from here.
export { BackOfficeForm, BackOfficeSection, errorOf, type FieldError } from './BackOfficeForm.tsx';
export { Button } from './Button.tsx';
export { Cell, DataTable, MoreButton, RowHeader } from './DataTable.tsx';
export {
  Checkbox,
  CheckboxGroup,
  Options,
  RowSelect,
  SelectField,
  TextAreaField,
  TextField,
} from './Fields.tsx';
export { PageStatus } from './PageStatus.tsx';
export { usePageLoad } from './usePageLoad.ts';
export { useUnitsAndSites } from './useUnitsAndSites.ts';
