import { Result } from 'antd';

/** Placeholder until this page is built. */
export function SatisfactionPage() {
  return <Result status="info" title="SatisfactionPage" />;
}
