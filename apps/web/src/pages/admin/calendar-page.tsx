import { Result } from 'antd';

/** Placeholder until this page is built. */
export function CalendarAdminPage() {
  return <Result status="info" title="CalendarAdminPage" />;
}
