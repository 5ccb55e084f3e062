import { Result } from 'antd';

/** Placeholder until this page is built. */
export function ServicesPage() {
  return <Result status="info" title="ServicesPage" />;
}
