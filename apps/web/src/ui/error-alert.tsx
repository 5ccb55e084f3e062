import { Alert } from 'antd';
import { useErrorText } from '../app/i18n/use-error-text';

/** A failure shown in place, in the user's language; nothing when there is no error. */
export function ErrorAlert({ error, className }: { error: unknown; className?: string }) {
  const { describe } = useErrorText();
  if (!error) return null;
  return <Alert type="error" showIcon message={describe(error)} className={className} style={{ marginBottom: 16 }} />;
}
