import { Result } from 'antd';

/** Placeholder until this page is built. */
export function ApplicationPage() {
  return <Result status="info" title="ApplicationPage" />;
}
