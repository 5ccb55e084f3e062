import { Result } from 'antd';

/** Placeholder until this page is built. */
export function OutboxPage() {
  return <Result status="info" title="OutboxPage" />;
}
