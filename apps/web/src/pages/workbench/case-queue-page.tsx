import { Result } from 'antd';

/** Placeholder until this page is built. */
export function CaseQueuePage() {
  return <Result status="info" title="CaseQueuePage" />;
}
