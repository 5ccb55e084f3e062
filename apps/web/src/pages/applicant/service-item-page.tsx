import { Result } from 'antd';

/** Placeholder until this page is built. */
export function ServiceItemPage() {
  return <Result status="info" title="ServiceItemPage" />;
}
