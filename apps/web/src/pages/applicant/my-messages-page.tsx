import { Result } from 'antd';

/** Placeholder until this page is built. */
export function MyMessagesPage() {
  return <Result status="info" title="MyMessagesPage" />;
}
